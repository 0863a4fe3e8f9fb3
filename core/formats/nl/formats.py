# Dutch date and time formats of UX.md section 4: "14 maart 2025", "14-03-2025", "9.30 uur".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d-m-Y"
TIME_FORMAT = "G.i"
DATETIME_FORMAT = "j F Y G.i \\u\\u\\r"
SHORT_DATETIME_FORMAT = "d-m-Y G.i.s"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d %m %Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
