"""Self-paced review: questions right and wrong, predict-then-reveal, saved progress, resume."""

from __future__ import annotations

import pytest

from tests.helpers import plain_text, settle, text_of
from tests.review_driver import answer_current, card
from tui_tutor.answers import Verdict
from tui_tutor.content import load_lessons
from tui_tutor.progress import Progress, ProgressStore
from tui_tutor.review_items import question_items
from tui_tutor.screens.contents import ContentsScreen
from tui_tutor.screens.lesson import LessonScreen
from tui_tutor.screens.resume import ResumeScreen
from tui_tutor.screens.review import ReviewScreen
from tui_tutor.widgets.review_card import ReviewCard


async def test_check_yourself_right_and_wrong_with_explanations(make_app, tmp_path):
    store = ProgressStore(tmp_path)
    app = make_app(start="neuron", store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("k")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        first = card(app).item
        await pilot.press("f3")  # h types into a number field; F3 works everywhere
        assert "Hint:" in text_of(card(app).query_one("#card-hint"))
        assert "score 0/0" in text_of(app.screen.query_one("#review-bar"))
        await answer_current(pilot, app, right=True)
        verdict = text_of(card(app).query_one("#card-verdict"))
        assert verdict.startswith("✓") and first.explanation.split()[0] in verdict
        assert "score 1/1" in text_of(app.screen.query_one("#review-bar")), "the score counts the answer at once"
        await pilot.press("enter")
        await settle(pilot, app)
        second = card(app).item
        await answer_current(pilot, app, right=False)
        verdict = text_of(card(app).query_one("#card-verdict"))
        assert verdict.startswith("✗") and "The answer:" in verdict and second.explanation.split()[0] in verdict
        for _ in range(len(app.screen.part) - 2):
            await pilot.press("enter")
            await settle(pilot, app)
            await answer_current(pilot, app, right=True)
        await pilot.press("enter")
        await settle(pilot, app)
        summary = text_of(app.screen.query_one("#review-summary"))
        assert f"Score: {len(app.screen.part) - 1} of {len(app.screen.part)}." in summary
        await pilot.press("r")
        await settle(pilot, app)
        assert [i.id for i in app.screen.part] == [second.id], "the missed one is offered again"
        await app.workers.wait_for_complete()
    saved = ProgressStore(tmp_path).load()
    assert [a.correct for a in saved.questions[first.id]] == [True]
    assert [a.correct for a in saved.questions[second.id]] == [False]


async def test_garbage_answers_are_refused_in_words(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        field = card(app).query_one("#card-answer")
        for garbage in ("__import__('os')", "1e999", "", "nan"):
            field.value = garbage
            await pilot.press("enter")
            await settle(pilot, app)
            assert "Try again" in text_of(card(app).query_one("#card-verdict"))
            assert card(app).verdict is None


@pytest.mark.parametrize("lesson", [lesson.id for lesson in load_lessons() if lesson.exercises])
async def test_exercise_in_each_listed_lesson(make_app, lesson, tmp_path):
    store = ProgressStore(tmp_path)
    app = make_app(start=lesson, store=store, seed=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("x")
        await settle(pilot, app)
        item = card(app).item
        assert item.is_exercise
        await answer_current(pilot, app, right=True)
        verdict = text_of(card(app).query_one("#card-verdict"))
        assert verdict.startswith("✓") and f"The answer: {item.answer_text()}" in verdict
        assert item.explanation.splitlines()[-1] in verdict, "the worked steps are revealed"
        await app.workers.wait_for_complete()
    assert [a.correct for a in ProgressStore(tmp_path).load().exercises[item.id]] == [True]


async def test_quit_relaunch_and_resume_at_the_same_step(course, tmp_path):
    from tui_tutor.app import TutorApp

    app = TutorApp(course, start="neuron", store=ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot, app)
        await app.workers.wait_for_complete()
    again = TutorApp(course, store=ProgressStore(tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, again)
        assert isinstance(again.screen, ResumeScreen)
        assert "step 4 of 5" in again.screen.where
        await pilot.press("enter")
        await settle(pilot, again)
        assert isinstance(again.screen, LessonScreen)
        assert (again.screen.lesson.id, again.screen.section) == ("neuron", 3)
        await pilot.press("escape")
        await settle(pilot, again)
        assert isinstance(again.screen, ContentsScreen)
        assert "◐ step 4/5" in plain_text(again.screen.query_one("OptionList").get_option("neuron").prompt)
    fresh = TutorApp(course, store=ProgressStore(tmp_path))
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(pilot, fresh)
        await pilot.press("escape")
        await settle(pilot, fresh)
        assert isinstance(fresh.screen, ContentsScreen), "one key starts over at the contents"


@pytest.mark.parametrize(("key", "opens"), [("r", "ReviewScreen"), ("s", "StatsScreen")])
async def test_the_resume_offer_keys_mean_what_they_mean_on_the_contents(course, tmp_path, key, opens):
    """A student who has learned r = review and s = statistics on the contents (whose footer
    stays in view under the offer) gets just that on the offer too; it lists them beside
    Enter / PageDown (resume) and Esc / PageUp (contents), and a clicker's keys are unchanged."""
    from tui_tutor.app import TutorApp

    store = ProgressStore(tmp_path)
    store.save(Progress().visit("neuron", 2))
    app = TutorApp(course, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ResumeScreen)
        offer = " ".join(text_of(app.screen.query_one("#resume-box")).split())
        assert "Enter or PageDown: resume where you left off" in offer
        assert "Esc or PageUp: start at the contents" in offer
        assert "r: review, s: review statistics (as on the contents)" in offer
        assert "r, Enter" not in offer and "s, Esc" not in offer
        await pilot.press(key)
        await settle(pilot, app)
        assert type(app.screen).__name__ == opens
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen), "the offer was declined on the way"
    for clicker, resumed in (("pagedown", True), ("pageup", False)):
        fresh = ProgressStore(tmp_path / clicker)
        fresh.save(Progress().visit("neuron", 2))
        again = TutorApp(course, store=fresh)
        async with again.run_test(size=(80, 24)) as pilot:
            await settle(pilot, again)
            assert isinstance(again.screen, ResumeScreen)
            await pilot.press(clicker)
            await settle(pilot, again)
            assert isinstance(again.screen, LessonScreen if resumed else ContentsScreen), clicker


async def test_review_from_contents_draws_on_visited_lessons(course, tmp_path):
    from tui_tutor.app import TutorApp

    store = ProgressStore(tmp_path)
    store.save(Progress().visit("neuron", 1))
    app = TutorApp(course, store=store, review=[])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)
        assert {item.lesson for item in app.screen.part} == {"Inside a neuron"}


async def test_unwritable_progress_says_so_once_and_runs(course, tmp_path):
    from tui_tutor.app import TutorApp

    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    app = TutorApp(course, start="neuron", store=ProgressStore(blocker / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("pagedown")
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        warnings = [m for t, m in app.notices if "will not be saved" in m]
        assert len(warnings) == 1
        assert app.screen.section == 1


async def test_corrupt_progress_is_moved_aside_and_said(course, tmp_path):
    from tui_tutor.app import TutorApp

    (tmp_path / "progress.json").write_text("{ not json")
    app = TutorApp(course, store=ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        notices = [m for t, m in app.notices if t == "Progress"]
        assert len(notices) == 1 and "moved it to" in notices[0]
        assert isinstance(app.screen, ContentsScreen)
    assert list(tmp_path.glob("progress.json.corrupt-*"))


async def test_file_going_bad_mid_session_keeps_the_session_and_says_so(course, tmp_path):
    """A file corrupted while the tutor runs is moved aside (said once) and the new one holds
    every answer of the session, not only the newest; memory and disk hold the same attempts."""
    from tui_tutor.app import TutorApp

    store = ProgressStore(tmp_path)
    app = TutorApp(course, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for n in (1, 2):
            app.record(lambda p, n=n: p.record_question(f"q{n}", True))
            await app.workers.wait_for_complete()
        (tmp_path / "progress.json").write_text("{ torn")
        app.record(lambda p: p.record_question("q3", False))
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        notices = [m for t, m in app.notices if t == "Progress"]
        assert len(notices) == 1 and "moved it to" in notices[0] and "from this session" in notices[0]
        on_disk = ProgressStore(tmp_path).load()
        assert set(on_disk.questions) == {"q1", "q2", "q3"}
        assert on_disk.questions == app.progress.questions  # the very same attempts (ids, times)
    assert len(list(tmp_path.glob("progress.json.corrupt-*"))) == 1


async def test_no_progress_reads_and_writes_nothing(course, tmp_path, monkeypatch):
    from tui_tutor.app import TutorApp

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    app = TutorApp(course, start="neuron", keep_progress=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("pagedown", "pagedown")
        await settle(pilot, app)
        app.record_answer(question_items(course.lessons[0], 0)[0], Verdict(True, None, "right"))
        await app.workers.wait_for_complete()
        assert app.progress.lesson("neuron").step == 2 and app.progress.questions
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- a review a learner would choose


async def visited_app(course, tmp_path, argv=("review", "neuron", "softmax", "cross-entropy")):
    """A practice of three lessons (14 questions and exercises): longer than one part."""
    from tests.review_driver import review_app

    return review_app(course, list(argv), ProgressStore(tmp_path))


async def test_a_long_session_offers_ten_or_all(course, tmp_path):
    app = await visited_app(course, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        total = len(screen.queue)
        assert total > 10 and screen.phase == "choose"
        assert f"all {total}" in plain_text(screen.query_one("#review-length").get_option("all").prompt)
        await pilot.press("enter")  # the default: 10
        await settle(pilot, app)
        assert len(screen.part) == 10 and "1 of 10" in text_of(screen.query_one("#review-bar"))
    app = await visited_app(course, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        assert len(app.screen.part) == total and f"1 of {total}" in text_of(app.screen.query_one("#review-bar"))
    app = await visited_app(course, tmp_path, ("review", "neuron", "softmax", "cross-entropy", "--limit", "4"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.screen.phase == "ask" and len(app.screen.part) == 4, "--limit chooses: no question asked"


async def test_esc_ends_with_the_score_so_far_and_the_rest_waits(course, tmp_path):
    app = await visited_app(course, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        total = len(app.screen.queue)
        await pilot.press("enter")
        await settle(pilot, app)
        for right in (True, False):
            await answer_current(pilot, app, right)
            await pilot.press("enter")
            await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen), "Esc does not drop to the contents"
        summary = text_of(app.screen.query_one("#review-summary"))
        assert "Score: 1 of 2." in summary and "Ended after 2 of 10" in summary
        keys = text_of(app.screen.query_one("#review-keys")).replace("\xa0", " ")
        assert len(app.screen.queue) == total - 2, "the 8 not answered wait with the rest"
        assert f"Enter: the next 10 ({total - 2} left)" in keys and "r: the 1 missed again" in keys
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen)


async def test_esc_before_any_answer_goes_straight_back(course, tmp_path):
    app = await visited_app(course, tmp_path, ("review", "neuron"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen)


async def test_a_retried_exercise_has_fresh_numbers_and_the_missed_list_shows_what_was_asked(make_app):
    app = make_app(start="softmax", seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        asked = []
        await pilot.press("x")
        await settle(pilot, app)
        for _ in range(3):
            item = card(app).item
            asked.append(item.prompt)
            await answer_current(pilot, app, right=False)
            await pilot.press("enter")
            await settle(pilot, app)
            missed = [text_of(w) for w in app.screen.query(".review-missed")]
            assert len(missed) == 1 and item.prompt.splitlines()[0] in missed[0]
            assert "Predict ŷ₁, the softmax probability of the first class." in missed[0], "what was asked, too"
            assert f"→ {item.answer_text()}" in missed[0]
            await pilot.press("r")
            await settle(pilot, app)
        assert len(set(asked)) == 3, "each retry asks with fresh numbers"
        assert card(app).item.prompt not in asked


async def test_a_retried_question_is_asked_with_its_choices_shuffled_again(make_app):
    app = make_app(start="softmax", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("k")
        await settle(pilot, app)
        while card(app).item.kind != "choice":
            await answer_current(pilot, app, right=True)
            await pilot.press("enter")
            await settle(pilot, app)
        first = card(app).item
        await answer_current(pilot, app, right=False)
        orders = {first.choices}
        while app.screen.phase == "ask":
            await pilot.press("enter")
            await settle(pilot, app)
            if app.screen.phase == "ask":
                await answer_current(pilot, app, right=True)
        for _ in range(4):
            await pilot.press("r")
            await settle(pilot, app)
            again = card(app).item
            assert again.id == first.id and again.choices[int(again.answer)] == first.choices[int(first.answer)]
            orders.add(again.choices)
            await answer_current(pilot, app, right=False)
            await pilot.press("enter")
            await settle(pilot, app)
        assert len(orders) > 1


async def test_resume_restores_the_learners_values(course, tmp_path):
    from tui_tutor.app import TutorApp
    from tui_tutor.widgets.param_editor import ParamEditor, ParamField

    app = TutorApp(course, start="neuron", store=ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-b", ParamField)
        field.focus()
        field.value = ""
        await pilot.press(*"-1.5", "enter")
        field = app.screen.query_one("#param-x", ParamField)
        field.focus()
        field.value = ""
        await pilot.press(*"2,0.5", "enter")
        w = app.screen.query_one("#param-w", ParamField)
        w.focus()
        w.value = ""
        await pilot.press(*"1,-1", "enter", "escape", "pagedown")
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        had = dict(app.screen.query_one(ParamEditor).values)
        await pilot.press("q")
    assert had["b"] == -1.5 and had["x"] == (2.0, 0.5)
    again = TutorApp(course, store=ProgressStore(tmp_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, again)
        await pilot.press("enter")
        await settle(pilot, again)
        assert isinstance(again.screen, LessonScreen) and again.screen.section == 1
        assert dict(again.screen.query_one(ParamEditor).values) == had
        assert again.screen.query_one("#param-b", ParamField).value.replace("−", "-") == "-1.5"
    fresh = TutorApp(course, store=ProgressStore(tmp_path), start="neuron")
    async with fresh.run_test(size=(80, 24)) as pilot:
        await settle(pilot, fresh)
        assert fresh.screen.query_one(ParamEditor).values["b"] == 0.5, "opening a lesson starts from its defaults"


async def test_values_edited_just_before_quitting_are_kept(course, tmp_path):
    from tui_tutor.app import TutorApp
    from tui_tutor.widgets.param_editor import ParamField

    app = TutorApp(course, start="neuron", store=ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        field = app.screen.query_one("#param-b", ParamField)
        field.focus()
        field.value = ""
        await pilot.press(*"2", "enter")
        await pilot.press("ctrl+q")
    assert ProgressStore(tmp_path).load().lesson("neuron").values["b"] == 2.0


async def test_the_contents_say_what_is_due_today(course, tmp_path):
    from tests.review_driver import review_app

    store = ProgressStore(tmp_path)
    store.save(Progress().visit("neuron", 0).visit("softmax", 0))
    app = review_app(course, ["--today", "2026-03-02"], store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("escape")  # welcome back: start at the contents
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        assert text_of(app.screen.query_one("#contents-due")) == "r: review · 0 due today · 9 new"
        await pilot.press("r")
        await settle(pilot, app)
        assert isinstance(app.screen, ReviewScreen) and len(app.screen.part) == 9
        from tests.review_driver import answer_part

        await answer_part(pilot, app, lambda key: key == "question:neuron-output")  # the rest wrong
        await pilot.press("escape")
        await settle(pilot, app)
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        assert text_of(app.screen.query_one("#contents-due")) == "r: review · nothing due today · next: tomorrow, 8 cards"


async def test_every_review_screen_fits_80_by_24(course, tmp_path):
    """The day's screens as a learner meets them: nothing is cut with "…", the statistics need no scrolling."""
    from tests.review_driver import answer_part, review_app
    from tui_tutor.screens.review_stats import StatsScreen

    store = ProgressStore(tmp_path)
    store.save(Progress().visit("neuron", 0).visit("softmax", 0).visit("cross-entropy", 0).visit("backpropagation", 0))
    app = review_app(course, ["review", "--today", "2026-03-02", "--before", "2026-03-20", "--new-per-day", "20"],
                     store)
    seen = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        seen.append(app.export_screenshot())  # the length to pick
        assert "brought forward" not in text_of(app.screen.query_one("#review-intro"))
        await pilot.press("enter")
        await settle(pilot, app)
        seen.append(app.export_screenshot())  # a card
        await answer_part(pilot, app, lambda key: "softmax" not in key)
        seen.append(app.export_screenshot())  # the summary
        await pilot.press("s")
        await settle(pilot, app)
        assert isinstance(app.screen, StatsScreen)
        seen.append(app.export_screenshot())
        assert app.screen.query_one("#stats-scroll").max_scroll_y == 0, "the statistics fit without scrolling"
        assert "Exam Fri 20 Mar" in text_of(app.screen.query_one("#stats-body"))
        await pilot.press("escape", "escape")
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen)
        seen.append(app.export_screenshot())
    for shot in seen:
        assert "…" not in shot


def test_the_review_side_reports_up_and_the_app_makes_its_state_at_once(course):
    """Attributes down, messages up: the review screen and card call nothing on the App; the
    App's review state exists from its __init__, not made lazily."""
    import inspect

    from tui_tutor import keeping
    from tui_tutor.app import TutorApp
    from tui_tutor.screens import review
    from tui_tutor.widgets import review_card

    for module in (review, review_card):
        assert "self.app." not in inspect.getsource(module), module.__name__
    assert "getattr(self" not in inspect.getsource(keeping)
    app = TutorApp(course, seed=3)
    assert app.review_state.round == 0 and app.review_state.seed == 3 and app.progress is None


async def test_a_monkey_in_the_review_keeps_it_running_and_every_answer_saved(course, tmp_path):
    """300 seeded random keys from `tui-tutor review` in bursts of 15 (cards, summaries, retries,
    statistics, the contents and back), and between bursts the card on screen answered properly
    so the monkey gets past the number fields: nothing breaks, and memory and the file hold the
    same review log."""
    from tests.review_driver import review_app
    from tests.robustness.monkey import key_event, monkey_keys
    from tui_tutor.schedule import review_logs

    store = ProgressStore(tmp_path)
    store.save(Progress().visit("neuron", 0).visit("softmax", 0).visit("gradient-descent", 0))
    app = review_app(course, ["review", "--today", "2026-03-02", "--seed", "5"], store)
    keys = monkey_keys(16, 300)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for burst in range(0, len(keys), 15):
            if isinstance(app.screen, ContentsScreen):
                await pilot.press("r")  # back into the review: the monkey is here for it
                await settle(pilot, app)
            for key in keys[burst:burst + 15]:
                app.post_message(key_event(key))
            await settle(pilot, app)
            cards = app.screen.query(ReviewCard)
            if isinstance(app.screen, ReviewScreen) and cards and cards.first().verdict is None:
                await answer_current(pilot, app, right=burst % 2 == 0, typed=False)
        await settle(pilot, app)
        assert app.is_running and len(review_logs(app.progress)) > 5, "the monkey got through the cards"
        await app.workers.wait_for_complete()
    assert review_logs(ProgressStore(tmp_path).load()) == review_logs(app.progress)


async def test_the_hint_key_has_one_name_in_every_footer_and_the_help(make_app):
    """A number question and a choice question both show "F3 hint" (never "h" or "f3"), F3 shows
    the hint in both, and the help lists the same name."""
    from tests.helpers import screen_lines
    from tui_tutor.screens.help import keys_table

    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("k")
        await settle(pilot, app)
        kinds = set()
        while len(kinds) < 2:
            footer = screen_lines(app)[-1]
            assert footer.startswith("F3 hint ") and " h hint" not in footer and "f3" not in footer, footer
            await pilot.press("f3")
            assert text_of(card(app).query_one("#card-hint")).startswith("Hint:")
            kinds.add(card(app).item.kind)
            await answer_current(pilot, app, right=True)
            await pilot.press("enter")
            await settle(pilot, app)
        assert kinds == {"numeric", "choice"}
    hint_rows = [line for line in plain_text(keys_table()).splitlines() if "show the hint" in line]
    assert len(hint_rows) == 1 and hint_rows[0].split()[0] == "F3" and "(h)" not in hint_rows[0], hint_rows
