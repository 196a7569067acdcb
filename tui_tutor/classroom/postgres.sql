-- tui-tutor's class store on PostgreSQL: the only way into the class for anyone but its owner.
--
-- The tables in schema tui_tutor_class belong to the role that ran `tui-tutor class new`;
-- nobody else has any privilege on them (but SELECT on schema_version). Every function here is
-- SECURITY DEFINER: it runs as the owner and checks the caller's credentials itself, the same
-- checks tui_tutor/classroom/sqlite_store.py makes in Python:
--   * instructors pass the instructor key (its SHA-256 is in meta.key_hash);
--   * students pass their name and secret (members.secret_hash), or a student code;
--   * a question's solution, and its counts, reach students only after the reveal.
-- Installed again (dropped and re-created) whenever the owner opens the class with a tui-tutor
-- whose copy of this file differs (meta.functions_hash).

CREATE FUNCTION tui_tutor_class.now_s() RETURNS double precision
LANGUAGE sql VOLATILE SET search_path = tui_tutor_class, pg_temp
AS $$ SELECT extract(epoch FROM clock_timestamp())::double precision $$;

CREATE FUNCTION tui_tutor_class.hash(p text) RETURNS text
LANGUAGE sql IMMUTABLE SET search_path = tui_tutor_class, pg_temp
AS $$ SELECT encode(sha256(convert_to(p, 'UTF8')), 'hex') $$;

CREATE FUNCTION tui_tutor_class.key_ok(p_key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$ SELECT coalesce(hash(p_key) = (SELECT value FROM meta WHERE key = 'key_hash'), false) $$;

CREATE FUNCTION tui_tutor_class.require_key(p_key text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
BEGIN
    IF NOT key_ok(p_key) THEN
        RAISE EXCEPTION 'only the class''s instructors can do that (this is not its instructor key)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

CREATE FUNCTION tui_tutor_class.require_member(p_name text, p_secret text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    m record;
BEGIN
    SELECT secret_hash, revoked_at INTO m FROM members WHERE name = p_name;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not a member of this class', quote_literal(p_name) USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF m.secret_hash <> hash(p_secret) THEN
        RAISE EXCEPTION 'the name % is taken in this class', quote_literal(p_name) USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF m.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION '% was removed from this class by the instructor', quote_literal(p_name)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$;

CREATE FUNCTION tui_tutor_class.notify_change(p_version bigint) RETURNS void
LANGUAGE sql VOLATILE SET search_path = tui_tutor_class, pg_temp
AS $$ SELECT pg_notify('tui_tutor_class', p_version::text) $$;

REVOKE ALL ON FUNCTION tui_tutor_class.now_s(), tui_tutor_class.hash(text), tui_tutor_class.key_ok(text),
    tui_tutor_class.require_key(text), tui_tutor_class.require_member(text, text),
    tui_tutor_class.notify_change(bigint) FROM PUBLIC;

-- ---------------------------------------------------------------- anyone who can connect

CREATE FUNCTION tui_tutor_class.about() RETURNS TABLE (class_id text, functions_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$ SELECT (SELECT value FROM meta WHERE key = 'class_id'), (SELECT value FROM meta WHERE key = 'functions_hash') $$;

CREATE FUNCTION tui_tutor_class.state() RETURNS TABLE (
    version bigint, lesson_id text, step integer, scenario text, params text, iteration integer, leader text,
    at double precision, question_id bigint, question_state text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
    SELECT s.version, s.lesson_id, s.step, s.scenario, s.params, s.iteration, s.leader, s.at, s.question_id, q.state
    FROM class_state s LEFT JOIN questions q ON q.id = s.question_id
$$;

CREATE FUNCTION tui_tutor_class.question(p_id bigint, p_key text DEFAULT NULL) RETURNS TABLE (
    id bigint, item_id text, kind text, lesson_id text, public text, state text, asked_at double precision,
    answer double precision, tolerance double precision, explanation text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
    SELECT q.id, q.item_id, q.kind, q.lesson_id, q.public, q.state, q.asked_at,
           CASE WHEN v.shown THEN q.answer END, CASE WHEN v.shown THEN q.tolerance END,
           CASE WHEN v.shown THEN q.explanation END
    FROM questions q CROSS JOIN LATERAL (SELECT q.state = 'revealed' OR key_ok(p_key) AS shown) v
    WHERE q.id = p_id
$$;

CREATE FUNCTION tui_tutor_class.tally(p_id bigint, p_key text DEFAULT NULL) RETURNS TABLE (value double precision, n bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    q_state text;
BEGIN
    SELECT q.state INTO q_state FROM questions q WHERE q.id = p_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such question in this class';
    END IF;
    IF q_state <> 'revealed' AND NOT key_ok(p_key) THEN
        RAISE EXCEPTION 'the counts of a question are shown to students after the reveal'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN QUERY SELECT a.value, count(*) FROM answers a WHERE a.question_id = p_id GROUP BY a.value ORDER BY a.value;
END $$;

CREATE FUNCTION tui_tutor_class.counts(p_within double precision) RETURNS TABLE (connected bigint, following bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
    SELECT count(*), count(*) FILTER (WHERE p.following)
    FROM presence p JOIN members m ON m.name = p.name
    WHERE p.seen_at >= now_s() - p_within AND m.revoked_at IS NULL
$$;

CREATE FUNCTION tui_tutor_class.join_class(p_name text, p_secret text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
BEGIN
    IF p_name IS NULL OR length(btrim(p_name)) = 0 OR length(p_name) > 64 OR p_name ~ '[[:cntrl:]]'
       OR p_name <> btrim(p_name) THEN
        RAISE EXCEPTION 'a name has 1 to 64 characters, no control characters and no surrounding spaces';
    END IF;
    IF p_secret IS NULL OR length(p_secret) < 32 THEN
        RAISE EXCEPTION 'a student secret has at least 32 characters';
    END IF;
    INSERT INTO members (name, secret_hash, joined_at) VALUES (p_name, hash(p_secret), now_s())
    ON CONFLICT (name) DO NOTHING;
    PERFORM require_member(p_name, p_secret);
END $$;

CREATE FUNCTION tui_tutor_class.redeem(p_code text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    m record;
BEGIN
    SELECT name, revoked_at INTO m FROM members WHERE secret_hash = hash(p_code) AND origin = 'invite';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'this student code is not one of this class''s' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF m.revoked_at IS NOT NULL THEN
        RAISE EXCEPTION 'this student code was revoked by the instructor' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN m.name;
END $$;

-- ---------------------------------------------------------------- students (name and secret)

CREATE FUNCTION tui_tutor_class.heartbeat(p_name text, p_secret text, p_lesson text, p_step integer,
                                          p_following boolean, p_leaving boolean) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    t double precision := now_s();
BEGIN
    PERFORM require_member(p_name, p_secret);
    INSERT INTO presence AS p (name, seen_at, lesson_id, step, step_at, following)
    VALUES (p_name, CASE WHEN p_leaving THEN NULL ELSE t END, p_lesson, p_step, t, p_following)
    ON CONFLICT (name) DO UPDATE SET
        seen_at = excluded.seen_at, following = excluded.following,
        step_at = CASE WHEN p.lesson_id IS NOT DISTINCT FROM excluded.lesson_id AND p.step = excluded.step
                       THEN p.step_at ELSE excluded.step_at END,
        lesson_id = excluded.lesson_id, step = excluded.step;
END $$;

CREATE FUNCTION tui_tutor_class.save_progress(p_name text, p_secret text, p_lessons jsonb, p_items jsonb,
                                              p_reviews jsonb DEFAULT '[]') RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
BEGIN
    PERFORM require_member(p_name, p_secret);
    -- The checks of ReviewRecord.problem (a day that is no date fails its cast below).
    IF jsonb_typeof(p_reviews) <> 'array' OR EXISTS (
        SELECT 1 FROM jsonb_array_elements(p_reviews) e WHERE NOT coalesce(
            jsonb_typeof(e) = 'object'
            AND length(e ->> 'card') <= 200 AND (e ->> 'card') ~ '^(question|exercise):.+'
            AND length(e ->> 'id') BETWEEN 1 AND 200
            AND (e ->> 'day') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
            AND (e ->> 'rating') IN ('1', '2', '3', '4')
            AND jsonb_typeof(e -> 'correct') = 'boolean' AND jsonb_typeof(e -> 'at') = 'number', false)) THEN
        RAISE EXCEPTION 'a review needs a card (question:ID or exercise:ID), an id, a day YYYY-MM-DD, '
                        'a rating 1 to 4, whether it was right and its time';
    END IF;
    INSERT INTO reviews (name, card, id, day, rating, correct, at)
    SELECT p_name, e ->> 'card', e ->> 'id', (e ->> 'day')::date, (e ->> 'rating')::smallint,
           (e ->> 'correct')::boolean, (e ->> 'at')::double precision
    FROM jsonb_array_elements(p_reviews) e
    ON CONFLICT (name, id) DO NOTHING;
    INSERT INTO lesson_progress (name, lesson_id, visited, completed)
    SELECT p_name, e.key, (e.value ->> 0)::boolean, (e.value ->> 1)::boolean FROM jsonb_each(p_lessons) e
    ON CONFLICT (name, lesson_id) DO UPDATE SET visited = excluded.visited, completed = excluded.completed;
    INSERT INTO item_progress (name, item_id, right_count, wrong_count)
    SELECT p_name, e.key, (e.value ->> 0)::integer, (e.value ->> 1)::integer FROM jsonb_each(p_items) e
    ON CONFLICT (name, item_id) DO UPDATE SET right_count = excluded.right_count, wrong_count = excluded.wrong_count;
END $$;

CREATE FUNCTION tui_tutor_class.answer(p_name text, p_secret text, p_id bigint, p_value double precision) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    q record;
    right_answer boolean;
BEGIN
    PERFORM require_member(p_name, p_secret);
    -- FOR SHARE: a reveal waits for this answer to be in, or this answer sees the reveal.
    SELECT kind, n_choices, answer, tolerance, state INTO q FROM questions WHERE id = p_id FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such question in this class';
    END IF;
    IF q.state <> 'open' THEN
        RAISE EXCEPTION 'too late: the answer to this question has been revealed';
    END IF;
    IF p_value IS NULL OR p_value IN ('NaN', 'Infinity', '-Infinity') THEN
        RAISE EXCEPTION 'an answer must be a finite number';
    END IF;
    IF q.kind = 'choice' AND (p_value <> trunc(p_value) OR p_value < 0 OR p_value >= q.n_choices) THEN
        RAISE EXCEPTION 'there is no choice %', p_value;
    END IF;
    -- The rule of tui_tutor.classroom.model.is_right (and tui_tutor.answers.allowed_error).
    right_answer := CASE WHEN q.kind = 'choice' THEN p_value = q.answer
                         ELSE abs(p_value - q.answer) <= greatest(q.tolerance, 5e-5 * greatest(1, abs(q.answer)))
                                                         * (1 + 1e-9) END;
    INSERT INTO answers (question_id, name, value, correct, at) VALUES (p_id, p_name, p_value, right_answer, now_s())
    ON CONFLICT (question_id, name) DO UPDATE SET value = excluded.value, correct = excluded.correct, at = excluded.at;
END $$;

CREATE FUNCTION tui_tutor_class.my_answer(p_name text, p_secret text, p_id bigint) RETURNS TABLE (
    question_id bigint, name text, value double precision, correct boolean, at double precision, state text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM require_member(p_name, p_secret);
    RETURN QUERY SELECT a.question_id, a.name, a.value, CASE WHEN q.state = 'revealed' THEN a.correct END, a.at, q.state
        FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.question_id = p_id AND a.name = p_name;
END $$;

CREATE FUNCTION tui_tutor_class.my_lessons(p_name text, p_secret text) RETURNS TABLE (
    lesson_id text, visited boolean, completed boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM require_member(p_name, p_secret);
    RETURN QUERY SELECT l.lesson_id, l.visited, l.completed FROM lesson_progress l
        WHERE l.name = p_name ORDER BY l.lesson_id;
END $$;

CREATE FUNCTION tui_tutor_class.my_reviews(p_name text, p_secret text) RETURNS TABLE (
    card text, id text, day text, rating integer, correct boolean, at double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM require_member(p_name, p_secret);
    RETURN QUERY SELECT r.card, r.id, r.day::text, r.rating::integer, r.correct, r.at
        FROM reviews r WHERE r.name = p_name ORDER BY r.at, r.id;
END $$;

-- ---------------------------------------------------------------- instructors (the key)

CREATE FUNCTION tui_tutor_class.verify_key(p_key text) RETURNS void
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$ SELECT require_key(p_key) $$;

CREATE FUNCTION tui_tutor_class.publish(p_key text, p_lesson text, p_step integer, p_scenario text, p_params text,
                                        p_iteration integer, p_leader text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    v bigint;
BEGIN
    PERFORM require_key(p_key);
    UPDATE class_state SET version = version + 1, lesson_id = p_lesson, step = p_step, scenario = p_scenario,
        params = p_params, iteration = p_iteration, leader = p_leader, at = now_s()
    RETURNING version INTO v;
    PERFORM notify_change(v);
    RETURN v;
END $$;

CREATE FUNCTION tui_tutor_class.ask(p_key text, p_item text, p_kind text, p_lesson text, p_public text,
                                    p_n_choices integer, p_answer double precision, p_tolerance double precision,
                                    p_explanation text) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    qid bigint;
    v bigint;
BEGIN
    PERFORM require_key(p_key);
    INSERT INTO questions (item_id, kind, lesson_id, public, n_choices, answer, tolerance, explanation, asked_at)
    VALUES (p_item, p_kind, p_lesson, p_public, p_n_choices, p_answer, p_tolerance, p_explanation, now_s())
    RETURNING id INTO qid;
    UPDATE class_state SET version = version + 1, question_id = qid RETURNING version INTO v;
    PERFORM notify_change(v);
    RETURN qid;
END $$;

CREATE FUNCTION tui_tutor_class.reveal(p_key text, p_id bigint) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    v bigint;
BEGIN
    PERFORM require_key(p_key);
    UPDATE questions SET state = 'revealed', revealed_at = now_s() WHERE id = p_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no such question in this class';
    END IF;
    UPDATE class_state SET version = version + 1 RETURNING version INTO v;
    PERFORM notify_change(v);
END $$;

CREATE FUNCTION tui_tutor_class.add_invite(p_key text, p_name text, p_code text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
BEGIN
    PERFORM require_key(p_key);
    INSERT INTO members (name, secret_hash, joined_at, origin) VALUES (p_name, hash(p_code), now_s(), 'invite')
    ON CONFLICT (name) DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the name % is taken in this class', quote_literal(p_name);
    END IF;
END $$;

CREATE FUNCTION tui_tutor_class.revoke(p_key text, p_name text, p_code text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
DECLARE
    who text;
BEGIN
    PERFORM require_key(p_key);
    WITH gone AS (
        UPDATE members SET revoked_at = coalesce(revoked_at, now_s())
        WHERE name = p_name OR (origin = 'invite' AND secret_hash = hash(p_code))
        RETURNING name)
    SELECT min(gone.name) INTO who FROM gone;
    IF who IS NULL THEN
        RAISE EXCEPTION 'no student code or student named % in this class', quote_literal(p_name);
    END IF;
    RETURN who;
END $$;

CREATE FUNCTION tui_tutor_class.class_data(p_key text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
BEGIN
    PERFORM require_key(p_key);
    RETURN jsonb_build_object(
        'now', now_s(),
        'state', (SELECT to_jsonb(s) FROM state() s),
        'members', coalesce((SELECT jsonb_agg(to_jsonb(r) ORDER BY r.name) FROM (
            SELECT m.name, m.origin, m.joined_at, m.revoked_at, p.seen_at, p.lesson_id, p.step, p.step_at, p.following
            FROM members m LEFT JOIN presence p ON p.name = m.name) r), '[]'),
        'lessons', coalesce((SELECT jsonb_agg(jsonb_build_array(name, lesson_id, visited, completed)
                                              ORDER BY name, lesson_id) FROM lesson_progress), '[]'),
        'items', coalesce((SELECT jsonb_agg(jsonb_build_array(name, item_id, right_count, wrong_count)
                                            ORDER BY name, item_id) FROM item_progress), '[]'),
        'questions', coalesce((SELECT jsonb_agg(to_jsonb(q) ORDER BY q.id) FROM (
            SELECT id, item_id, kind, lesson_id, public, state, asked_at, answer, tolerance, explanation
            FROM questions) q), '[]'),
        'answers', coalesce((SELECT jsonb_agg(to_jsonb(a) ORDER BY a.question_id, a.name) FROM answers a), '[]'));
END $$;

CREATE FUNCTION tui_tutor_class.class_reviews(p_key text) RETURNS TABLE (
    name text, card text, id text, day text, rating integer, correct boolean, at double precision)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = tui_tutor_class, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM require_key(p_key);
    RETURN QUERY SELECT r.name, r.card, r.id, r.day::text, r.rating::integer, r.correct, r.at
        FROM reviews r ORDER BY r.name, r.at, r.id;
END $$;
