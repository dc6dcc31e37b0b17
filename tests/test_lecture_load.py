"""The load generator tells the truth: its client changes what the server computes, a fragment run is
seen as one, and a small classroom poll's answers all reach the database.

No browser: benchmarks/stclient.py speaks Streamlit's websocket protocol itself. Each test starts no
more than the module's one server (loopback, a throwaway database) and a few sessions.
"""

import sys

import pytest
from conftest import ROOT, run_async

sys.path.insert(0, str(ROOT / "benchmarks"))
import lecture_load as ll
from stclient import FINISHED, Session, SessionError


@pytest.fixture(scope="module")
def server():
    with ll.Server(ttl=2) as s:
        yield s


def test_the_cat_score_at_4_takes_the_playground_loss_from_2_9_to_2_1(server):
    got = run_async(ll.truth(server.url))
    assert (got["loss_before"], got["loss_after"]) == (2.9, 2.1)
    assert got["status"] == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
    assert got["errors"] == {"exception": 0, "dropped": 0, "timeout": 0, "cache_miss": 0}


def test_a_score_slider_reruns_its_fragment_and_cached_messages_come_back_as_refs(server):
    async def go():
        async with Session(server.url, "/") as s:
            await s.run()
            first = s.last_status
            assert s.widget("s0").fragment_id and s.widget("s0").fragment_id != s.widget("margin").fragment_id
            await s.set("s0", 4.0)
            score = s.last_status
            await s.set("margin", 2.0)  # cat 3.2 (the slider's 4.0 was kept: 4.0 -> 3.1), car 5.1, Δ 2
            with_margin = ll.playground_loss(s)
            await s.set("margin", 1.0)
            await s.set("margin", 2.0)  # the same chart again: the server sends only its hash
            return first, score, with_margin, ll.playground_loss(s), s.refs, dict(s.errors), s.value("s0")

    first, score, with_margin, again, refs, errors, s0 = run_async(go())
    assert first == FINISHED.FINISHED_SUCCESSFULLY
    assert score == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert s0 == [4.0]
    assert with_margin == again == 3.1  # max(0, 5.1 - 4 + 2) + max(0, -1.7 - 4 + 2)
    assert refs > 0
    assert errors == {"exception": 0, "dropped": 0, "timeout": 0, "cache_miss": 0}


def test_a_reconnect_gets_the_session_back_and_a_fresh_one_starts_over(server):
    async def go():
        async with Session(server.url, "/") as s:
            await s.run()
            await s.set("s0", 4.0)
            sid = s.session_id
            await s.reconnect()
            kept = (s.session_id == sid, ll.playground_loss(s))
            await s.reconnect(fresh=True)
            return kept, (s.session_id == sid, ll.playground_loss(s))

    assert run_async(go()) == ((True, 2.1), (False, 2.9))


def test_an_unknown_widget_is_refused_with_the_pages_widgets(server):
    async def go():
        async with Session(server.url, "/") as s:
            await s.run()
            await s.set("no such slider", 1.0)

    with pytest.raises(SessionError, match="'margin'"):
        run_async(go())


def test_a_small_poll_stores_exactly_the_answers_sent(server):
    res = run_async(
        ll.poll([server.url], 5, spread=1.0, think=(0.1, 0.3), change=0.5, db=server.db, server=server, ttl=2)
    )
    report = res.report()
    assert report["error_total"] == 0, report
    assert report["sessions_started"] == report["sessions_completed"] == 6  # 5 students and the lecturer
    assert "failures" not in report and "answers_not_confirmed" not in report, report
    db = report["database"]
    assert db["equal"] and db["joined"] == 5
    assert all(db[q]["sent"] == db[q]["stored"] == 5 for q in ll.QUESTIONS)
    assert report["answers_sent"] > 25  # some answers were changed: the database kept the last ones
    assert report["projector_counts"] == [(5, 5)] * len(ll.QUESTIONS)
    assert report["phone fragment run"]["n"] > 0 and report["projector fragment run"]["n"] > 0
    assert report["server_mb_peak"] >= report["server_mb_warm_start"] > 0


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert (ll.pct(values, 0.5), ll.pct(values, 0.95), ll.pct(values, 0.99)) == (50, 95, 99)
    assert ll.summary([0.1, 0.2, 0.3])["p50_ms"] == 200.0
