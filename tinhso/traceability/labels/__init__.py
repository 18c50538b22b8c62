"""Labels: the QR code of a Digital Link URI, EAN-13 and GS1-128 barcodes (SVG and PNG) and
the printable PDF sheets of a batch's labels and of its (or a product's) serialised items."""
