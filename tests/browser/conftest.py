"""The browser harness: Playwright driving Debian's Chromium, and the axe-core accessibility assertion."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium de Debian est introuvable : `make test` l'installe (apt-get install chromium).")
    # Playwright's synchronous API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    # Nothing leaves the machine: only the live server answers.
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Every page runs under the site's Content-Security-Policy: anything it blocks is a bug of the page.
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not blocked, "Bloqué par la Content-Security-Policy :\n" + "\n".join(blocked)


_axe = Axe()


def assert_accessible(page) -> None:
    """Fails on any serious or critical axe-core violation of the page as it is now.

    A click on a link may still be navigating: axe runs on the loaded page, never on a document being replaced."""
    page.wait_for_load_state("load")
    results = _axe.run(page)
    blocking = [
        violation for violation in results.response["violations"] if violation["impact"] in BLOCKING_IMPACTS
    ]
    if blocking:
        details = "\n".join(
            f"- {violation['id']} ({violation['impact']}) : {violation['help']} — "
            + "; ".join(node["html"][:160] for node in violation["nodes"][:3])
            for violation in blocking
        )
        pytest.fail(f"Accessibilité ({page.url}) :\n{details}")


def tick(box, checked: bool = True) -> None:
    """Checks (or unchecks) a DSFR checkbox or radio button. DSFR hides the input under the box its label draws, and
    a click at the input's place can land elsewhere while the page's scripts still lay the page out: the click is
    sent to the input itself, then its state is checked."""
    if box.is_checked() != checked:
        box.dispatch_event("click")
    expect(box).to_be_checked(checked=checked)


def login(page, email: str, password: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
