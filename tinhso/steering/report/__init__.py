"""The steering dashboard as files: ``tables`` lays the figures out as typed tables, ``workbook``
writes them as XLSX (one sheet per panel), ``document`` writes the progress report as DOCX in
the layout of Decree 30/2020/NĐ-CP (in the frame of tinhso.core.decree30), ``charts`` draws
its chart and ``forms`` holds the report page's form."""
