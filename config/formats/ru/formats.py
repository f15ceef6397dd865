# "31 марта", not Django's "31 Март": a day and month take the genitive month (E).
MONTH_DAY_FORMAT = "j E"
