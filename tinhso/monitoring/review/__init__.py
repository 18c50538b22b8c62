"""The periodic review report ("báo cáo sơ kết / tổng kết") of one org unit over a period range.

``figures`` and ``completeness`` collect the numbers (through the analytics engine, so a value
saved a second ago is in the report), ``tables`` lays them out as tables shared by both files,
``charts`` draws them, ``document`` writes the DOCX in the layout of Decree 30/2020/NĐ-CP (in
the frame of tinhso.core.decree30) and ``workbook`` writes the XLSX.
"""
