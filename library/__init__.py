"""The functional core of the coach: pure Python, no Telegram, database, scheduler, I/O or clock."""
