from award import create_app

app = create_app()
