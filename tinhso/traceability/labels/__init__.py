"""Labels: the QR code of a Digital Link URI, EAN-13 and GS1-128 barcodes (SVG and PNG) and
the printable PDF sheet of a batch's labels."""
