"""Fixtures of the project-wide tests: a local listener that records what the PDF renderer would fetch."""

import socket
import threading

import pytest


@pytest.fixture
def listener():
    """A local HTTP listener that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[bytes] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    hits.append(connection.recv(1000))
                    connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/css\r\n\r\np{color:red}")
                except OSError:
                    hits.append(b"")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", hits
    stop.set()
    thread.join()
    server.close()
