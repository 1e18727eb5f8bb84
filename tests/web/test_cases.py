"""Case pages end to end: save from the results page, reopen by link and by password, change
answers, book / move / cancel a consultation with its .ics, delete; CSRF and strangers refused."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from impnav.store.db import session_scope
from impnav.store.models import Booking, Case, OutboxMessage
from tests.conftest import example_json
from tests.firm import PASSWORD, book, csrf, free_times, interview_state, save_case


def _later(times: list[str], hours: int = 48) -> str:
    """The first free time at least `hours` ahead (past the 24 h change cut-off)."""
    limit = datetime.now(UTC) + timedelta(hours=hours)
    return next(t for t in times if datetime.fromisoformat(t) >= limit)


def test_results_page_offers_to_save(visitor) -> None:
    client = visitor()
    page = client.post("/interview", data={"state": interview_state(), "action": "results"})
    assert 'action="/cases"' in page.text and f'value="{csrf(client)}"' in page.text


def test_save_and_reopen_by_link_only(visitor) -> None:
    owner = visitor()
    case_id, link = save_case(owner)
    assert "key=" in link and len(link.split("key=")[1]) >= 43  # 256-bit token
    page = owner.get(f"/cases/{case_id}")
    assert page.status_code == 200 and "My case" in page.text and "pnp" not in link
    stranger = visitor()
    assert stranger.get(f"/cases/{case_id}").status_code == 404
    wrong = link[:-4] + ("AAAA" if not link.endswith("AAAA") else "BBBB")
    assert stranger.get(wrong.replace("https://testserver", "")).status_code == 404
    assert stranger.get(f"/cases/{case_id}").status_code == 404
    opened = stranger.get(link.replace("https://testserver", ""))
    assert opened.status_code == 200 and "My case" in opened.text


def test_password_opens_the_case_and_is_rate_limited(visitor) -> None:
    owner = visitor()
    case_id, _ = save_case(owner)
    short = owner.post(
        f"/cases/{case_id}/password",
        data={"password": "short", "confirm": "short", "csrf": csrf(owner)},
    )
    assert short.status_code == 422 and "at least 10" in short.text
    differ = owner.post(
        f"/cases/{case_id}/password",
        data={"password": PASSWORD, "confirm": PASSWORD + "x", "csrf": csrf(owner)},
    )
    assert differ.status_code == 422 and "differ" in differ.text
    done = owner.post(
        f"/cases/{case_id}/password",
        data={"password": PASSWORD, "confirm": PASSWORD, "csrf": csrf(owner)},
    )
    assert done.status_code == 200 and "Password set" in done.text
    with session_scope() as session:
        assert session.get(Case, case_id).password_hash.startswith("$argon2id$")

    other = visitor()
    wrong = other.post(
        "/cases/open", data={"reference": case_id, "password": "not it at all", "csrf": csrf(other)}
    )
    assert wrong.status_code == 401 and "do not open" in wrong.text
    right = other.post(
        "/cases/open", data={"reference": case_id, "password": PASSWORD, "csrf": csrf(other)}
    )
    assert right.status_code == 200 and case_id in right.text

    guesser = visitor()
    for _ in range(4):
        guesser.post(
            "/cases/open",
            data={"reference": case_id, "password": "guess guess", "csrf": csrf(guesser)},
        )
    locked = guesser.post(
        "/cases/open", data={"reference": case_id, "password": PASSWORD, "csrf": csrf(guesser)}
    )
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_change_answers_and_reassess(visitor) -> None:
    owner = visitor()
    case_id, _ = save_case(owner)
    page = owner.get(f"/cases/{case_id}")
    state = re.search(r'name="state" value="([^"]+)"', page.text)[1]
    state = json.loads(state.replace("&#34;", '"').replace("&quot;", '"'))
    assert state["case_id"] == case_id
    changed = dict(state, answers=example_json("mexican-ict-executive"))
    results = owner.post("/interview", data={"state": json.dumps(changed), "action": "results"})
    assert f'action="/cases/{case_id}/assessments"' in results.text
    saved = owner.post(
        f"/cases/{case_id}/assessments", data={"state": json.dumps(changed), "csrf": csrf(owner)}
    )
    assert saved.status_code == 200 and "new answers are saved" in saved.text
    again = owner.post(f"/cases/{case_id}/reassess", data={"csrf": csrf(owner)})
    assert "Re-assessed" in again.text
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert len(case.assessments) == 3
        assert case.assessments[1].profile["citizenships"] == ["MX"]


def test_book_move_cancel_and_calendar_file(visitor, firm) -> None:
    owner = visitor()
    case_id, _ = save_case(owner)
    first = _later(free_times(owner, case_id, firm.dana))
    booked = book(owner, case_id, firm.dana, first, email="applicant@example.com")
    assert booked.status_code == 201 and "Dana Roy" in booked.text
    ics_link = re.search(r'href="(/cases/[^"]+/ics)"', booked.text)[1]
    calendar = owner.get(ics_link)
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text and "Dana Roy" in calendar.text
    assert visitor().get(ics_link).status_code == 404  # not for strangers

    assert first not in free_times(owner, case_id, firm.dana)  # the slot is gone for everyone
    again = book(owner, case_id, firm.dana, first)
    assert again.status_code == 409 and "not free" in again.text

    with session_scope() as session:
        booking = session.scalars(select(Booking)).one()
        mail = session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "applicant@example.com")
        ).one()
        assert "BEGIN:VCALENDAR" in mail.attachment
        assert session.get(Case, case_id).consultant_id == firm.dana

    later = _later(free_times(owner, case_id, firm.dana), hours=72)
    moved = book(owner, case_id, firm.dana, later, move=booking.id)
    assert moved.status_code == 201
    page = owner.get(f"/cases/{case_id}")
    assert page.text.count(">Cancel</button>") == 1 and "cancelled" in page.text
    new_id = re.search(rf"/cases/{case_id}/bookings/([0-9a-f-]+)/cancel", page.text)[1]
    cancelled = owner.post(f"/cases/{case_id}/bookings/{new_id}/cancel", data={"csrf": csrf(owner)})
    assert "is cancelled" in cancelled.text
    with session_scope() as session:
        assert session.get(Case, case_id).consultant_id is None


def test_bad_booking_input_is_a_clear_error(visitor, firm) -> None:
    owner = visitor()
    case_id, _ = save_case(owner)
    times = free_times(owner, case_id, firm.dana)
    assert book(owner, case_id, firm.dana, "tomorrow morning").status_code == 422
    bad_mail = book(owner, case_id, firm.dana, _later(times), email="not an address")
    assert bad_mail.status_code == 422 and "not an e-mail address" in bad_mail.text
    unknown = book(owner, case_id, "no-such-consultant", _later(times))
    assert unknown.status_code == 422 and "no such consultant" in unknown.text
    page = owner.get(
        f"/cases/{case_id}/book",
        params={"consultant": firm.dana, "package": "intro", "tz": "Mars/Base"},
    )
    assert page.status_code == 200 and "unknown time zone" in page.text
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == 0


def test_forms_without_the_csrf_token_change_nothing(visitor, firm) -> None:
    owner = visitor()
    case_id, _ = save_case(owner)
    times = free_times(owner, case_id, firm.dana)
    attempts = {
        f"/cases/{case_id}/delete": {},
        f"/cases/{case_id}/password": {"password": PASSWORD, "confirm": PASSWORD},
        f"/cases/{case_id}/book": {
            "consultant": firm.dana,
            "package": "intro",
            "starts_at": _later(times),
        },
        f"/cases/{case_id}/reassess": {},
        "/cases": {"state": interview_state()},
    }
    for path, data in attempts.items():
        for token in (None, "forged-token-value-of-some-length"):
            form = data if token is None else {**data, "csrf": token}
            answer = owner.post(path, data=form)
            assert answer.status_code == 403 and "Form expired" in answer.text, path
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.password_hash is None and len(case.assessments) == 1
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        assert session.scalar(select(func.count()).select_from(Booking)) == 0


def test_delete_is_for_good_and_ends_the_link(visitor) -> None:
    owner = visitor()
    case_id, link = save_case(owner)
    gone = owner.post(f"/cases/{case_id}/delete", data={"csrf": csrf(owner)})
    assert gone.status_code == 200 and "deleted for good" in gone.text
    assert owner.get(f"/cases/{case_id}").status_code == 404
    assert visitor().get(link.replace("https://testserver", "")).status_code == 404
    with session_scope() as session:
        assert session.get(Case, case_id) is None


def test_case_cookie_is_private_to_its_case(visitor) -> None:
    owner = visitor()
    case_id, _ = save_case(owner)
    cookie = next(c for c in owner.cookies.jar if c.name == "impnav_case")
    assert cookie.secure and cookie.path == f"/cases/{case_id}"
    assert cookie.has_nonstandard_attr("HttpOnly")
    second_id, _ = save_case(owner)  # a second case in the same visitor: both stay open
    assert owner.get(f"/cases/{case_id}").status_code == 200
    assert owner.get(f"/cases/{second_id}").status_code == 200
    logout = owner.post(f"/cases/{case_id}/logout", data={"csrf": csrf(owner)})
    assert logout.status_code == 200
    assert owner.get(f"/cases/{case_id}").status_code == 404
    assert owner.get(f"/cases/{second_id}").status_code == 200
