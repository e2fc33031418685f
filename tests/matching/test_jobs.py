import pytest

from matching.jobs import CandidateMatcher, JobMatcher, TextSpace, fit_of, level_factor, reweigh
from matching.model import PersonDoc, Reasons, Requirement, SkillMatch, VacancyDoc
from matching.taxonomy import Taxonomy

VACANCIES = [
    VacancyDoc(
        "v-lathe",
        "数控车工",
        "沈阳铁西区装备制造企业，操作数控车床加工轴类零件",
        skills=("数控车床操作", "机械识图"),
        park="铁西装备制造园",
        occupation="6-18-01-01",
    ),
    VacancyDoc(
        "v-tig",
        "氩弧焊工",
        "浑南压力容器车间，不锈钢管道氩弧焊",
        required=(Requirement("氩弧焊", 1.0, 3),),
        occupation="6-18-02-04",
    ),
    VacancyDoc(
        "v-intern",
        "焊接实习生",
        "沈阳职业技术学院合作企业实习岗位，学习二保焊",
        skills=("二保焊",),
        kind="placement",
        park="浑南科技园",
    ),
]


@pytest.fixture()
def matcher(small_taxonomy: Taxonomy) -> JobMatcher:
    return JobMatcher(small_taxonomy).fit(VACANCIES)


class TestRecommend:
    def test_lathe_operator_finds_lathe_job_first(self, matcher: JobMatcher) -> None:
        p = PersonDoc("w1", skills=("会开数控车床", "看图纸"), text="车工干了三年")
        recs = matcher.recommend(p, top=3)
        assert recs[0].id == "v-lathe"
        assert {m.skill for m in recs[0].reasons.matched} == {"cnc_lathe", "blueprint"}
        assert recs[0].reasons.missing == ()

    def test_english_profile_reaches_chinese_vacancy(self, matcher: JobMatcher) -> None:
        recs = matcher.recommend(PersonDoc("w2", skills=("argon arc welding",)), top=1)
        assert recs[0].id == "v-tig"

    def test_related_skill_gets_partial_credit_with_reason(self, matcher: JobMatcher) -> None:
        p = PersonDoc("w3", skills=("氩弧焊",))
        rec = next(r for r in matcher.recommend(p, top=3) if r.id == "v-intern")
        (rel,) = rec.reasons.related
        assert rel.skill == "mig" and rel.via == "tig"
        assert 0 < rel.credit < 1

    def test_score_is_the_sum_of_its_reasons(self, matcher: JobMatcher) -> None:
        p = PersonDoc("w4", skills=("氩弧焊", "看图纸"), text="会焊接")
        for r in matcher.recommend(p, top=3):
            assert r.score == pytest.approx(r.reasons.total)

    def test_level_short_of_requirement_lowers_credit(self, matcher: JobMatcher) -> None:
        senior = PersonDoc("a", skills=("氩弧焊",), levels={"tig": 3})
        junior = PersonDoc("b", skills=("氩弧焊",), levels={"tig": 5})
        s = {r.id: r.score for r in matcher.recommend(senior, top=3)}
        j = {r.id: r.score for r in matcher.recommend(junior, top=3)}
        assert j["v-tig"] < s["v-tig"]
        assert level_factor(5, 3) == 0.25 and level_factor(None, 3) == 1.0

    def test_filters(self, matcher: JobMatcher) -> None:
        p = PersonDoc("w5", skills=("氩弧焊",))
        assert [r.id for r in matcher.recommend(p, kinds=["placement"])] == ["v-intern"]
        assert [r.id for r in matcher.recommend(p, park="铁西装备制造园")] == ["v-lathe"]


class TestIncrementalIndex:
    def test_upsert_and_remove_without_refit(self, matcher: JobMatcher) -> None:
        vocab = matcher.space_.vectorizer_
        matcher.upsert(
            VacancyDoc("v-new", "数控车床操作工", "加工法兰盘", skills=("数控车床操作",))
        )
        p = PersonDoc("w", skills=("会开数控车床",))
        assert "v-new" in [r.id for r in matcher.recommend(p)]
        matcher.upsert(VacancyDoc("v-lathe", "仓库管理员", "负责仓储盘点"))  # replaced
        lathe = next(r for r in matcher.recommend(p) if r.id == "v-lathe")
        assert lathe.reasons.matched == ()
        matcher.remove("v-new")
        assert "v-new" not in [r.id for r in matcher.recommend(p)]
        assert len(matcher) == 3 and matcher.space_.vectorizer_ is vocab
        with pytest.raises(KeyError):
            matcher.remove("v-new")

    def test_ivf_path_agrees_on_the_best(self, small_taxonomy: Taxonomy) -> None:
        many = [
            VacancyDoc(f"v{i}", t, d)
            for i, (t, d) in enumerate(
                [
                    ("数控车工", "数控车床加工"),
                    ("氩弧焊工", "不锈钢氩弧焊"),
                    ("仓库管理员", "仓储盘点"),
                ]
                * 20
            )
        ]
        exact = JobMatcher(small_taxonomy, n_components=8).fit(many)
        ivf = JobMatcher(small_taxonomy, ivf_threshold=10, n_probe=2, n_components=8).fit(many)
        p = PersonDoc("w", skills=("氩弧焊",))
        assert exact.recommend(p, top=1)[0].score == pytest.approx(ivf.recommend(p, top=1)[0].score)


class TestCandidates:
    def test_only_visible_people_and_same_reasons(self, small_taxonomy: Taxonomy) -> None:
        people = [
            PersonDoc("li", skills=("氩弧焊",), text="压力容器焊接五年"),
            PersonDoc("wang", skills=("会开数控车床",)),
            PersonDoc("zhao", skills=("氩弧焊",), visible=False),
        ]
        ranked = CandidateMatcher(small_taxonomy).fit(people).rank(VACANCIES[1], top=5)
        assert ranked[0].id == "li"
        assert "zhao" not in {r.id for r in ranked}
        assert [m.skill for m in ranked[0].reasons.matched] == ["tig"]
        assert ranked[0].score == pytest.approx(ranked[0].reasons.total)


def test_bad_vacancy_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        VacancyDoc("x", "车工", kind="gig")
    with pytest.raises(ValueError, match="importance"):
        Requirement("车工", importance=2.0)


class TestBatch:
    PEOPLE = (
        PersonDoc("a", skills=("会开数控车床", "看图纸"), text="车工干了三年"),
        PersonDoc("b", skills=("argon arc welding",)),
        PersonDoc("c", skills=("氩弧焊",), levels={"tig": 5}),
        PersonDoc("d", text="不锈钢管道焊接"),
    )

    def test_many_equals_one_by_one(self, matcher: JobMatcher) -> None:
        many = matcher.recommend_many(self.PEOPLE, top=2)
        for p, recs in zip(self.PEOPLE, many, strict=True):
            one = matcher.recommend(p, top=2)
            assert [(r.id, r.score) for r in recs] == [(r.id, r.score) for r in one]
            assert recs == one  # the reasons too
            assert [r.score for r in recs] == [r.reasons.total for r in recs]

    def test_many_equals_one_by_one_on_the_ivf_path(self, small_taxonomy: Taxonomy) -> None:
        many_vacancies = [
            VacancyDoc(f"v{i}", t, d, skills=s)
            for i, (t, d, s) in enumerate(
                [
                    ("数控车工", "操作数控车床加工轴类零件", ("数控车床操作",)),
                    ("氩弧焊工", "压力容器车间不锈钢氩弧焊", ("氩弧焊",)),
                    ("仓库管理员", "负责仓储盘点", ()),
                ]
                * 30
            )
        ]
        m = JobMatcher(
            small_taxonomy, ivf_threshold=10, n_probe=3, n_components=8, ivf_candidates=20
        ).fit(many_vacancies)
        assert m.centroids_ is not None
        many = m.recommend_many(self.PEOPLE, top=3, block_size=2)
        for p, recs in zip(self.PEOPLE, many, strict=True):
            assert [r.id for r in recs] == [r.id for r in m.recommend(p, top=3)]

    def test_many_gives_the_same_reasons_and_exact_scores_whatever_the_blocks(
        self, small_taxonomy: Taxonomy
    ) -> None:
        # the batch makes scores and reasons per block (shared latent products,
        # heads sorted for the whole block): neither the block size nor who else is
        # in the batch may change a person's result, down to the last bit
        vacancies = [
            VacancyDoc(f"v{i}", t, d, skills=s, required=r, occupation=o)
            for i, (t, d, s, r, o) in enumerate(
                [
                    ("数控车工", "操作数控车床加工轴类零件", ("数控车床操作",), (), "6-18-01-01"),
                    (
                        "氩弧焊工",
                        "压力容器车间不锈钢氩弧焊",
                        (),
                        (Requirement("氩弧焊", 1.0, 3),),
                        "6-18-02-04",
                    ),
                    ("焊接实习生", "学习二保焊", ("二保焊", "机械识图"), (), None),
                    ("仓库管理员", "负责仓储盘点", (), (), None),
                ]
                * 25
            )
        ]
        people = [*self.PEOPLE, PersonDoc("e", skills=("二保焊",), text="焊接 车床")] * 3
        m = JobMatcher(
            small_taxonomy, ivf_threshold=10, n_probe=3, n_components=8, ivf_candidates=20
        ).fit(vacancies)
        assert m.centroids_ is not None
        one = [m.recommend(p, top=4) for p in people]
        for block_size in (1, 2, 128):
            assert m.recommend_many(people, top=4, block_size=block_size) == one
        assert m.recommend_many(people[::-1], top=4) == one[::-1]
        for recs in one:
            assert [r.score for r in recs] == [r.reasons.total for r in recs]
        junior = next(r for r in one[2] if r.reasons.matched and r.reasons.matched[0].via is None)
        assert junior.reasons.matched[0].credit == 0.25  # the level penalty survives

    def test_level_penalty_reorders_past_the_bound(self, matcher: JobMatcher) -> None:
        # a junior welder: the TIG vacancy's level-3 requirement quarters the credit,
        # so its exact score is below its stage-1 bound; the order uses exact scores
        junior = PersonDoc("j", skills=("氩弧焊",), levels={"tig": 5})
        recs = matcher.recommend_many([junior], top=3)[0]
        assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
        tig = next(r for r in recs if r.id == "v-tig")
        assert tig.reasons.matched[0].credit == 0.25

    def test_text_parts_are_reported_after_normalisation(self, matcher: JobMatcher) -> None:
        # the best text match of a query gets the full relative weight of that part
        w = matcher.scorer_.weights
        p = PersonDoc("t", text="氩弧焊工")
        recs = matcher.recommend(p, top=3)
        best_title = max(r.reasons.title for r in recs)
        assert best_title > w.title_rel  # title_rel * 1 + title * best cosine
        assert all(r.score == pytest.approx(r.reasons.total) for r in recs)


class TestExplain:
    def test_explain_gives_the_reasons_recommend_shows(self, matcher: JobMatcher) -> None:
        p = PersonDoc("e", skills=("氩弧焊", "看图纸"), text="会焊接")
        shown = {r.id: r.reasons for r in matcher.recommend(p, top=3)}
        explained = matcher.explain(p, ["v-tig", "v-lathe", "v-unknown"])
        assert set(explained) == {"v-tig", "v-lathe"}
        for vid, reasons in explained.items():
            assert reasons == shown[vid]  # the same parts, to the bit
        (many,) = matcher.explain_many([(p, ["v-tig", "v-lathe", "v-unknown"])])
        assert {k: r.total for k, r in many.items()} == pytest.approx(
            {k: r.total for k, r in explained.items()}
        )


class TestHubness:
    def test_a_vacancy_like_every_other_is_lowered_and_upserts_are_measured(
        self, small_taxonomy: Taxonomy
    ) -> None:
        vacancies = [*VACANCIES, VacancyDoc("v-any", "数控车工 氩弧焊工 焊接实习生", "焊接 车床")]
        m = JobMatcher(small_taxonomy).fit(vacancies)
        generic = m.hub_[m.row_of_["v-any"]]
        assert (generic >= m.hub_[m.row_of_["v-intern"]]).all() and generic[0] > 0
        m.upsert(VacancyDoc("v-new", "数控车床操作工", "加工法兰盘"))
        recs = m.recommend(PersonDoc("w", skills=("会开数控车床",)), top=5)
        assert m.hub_.shape == (len(m.docs_), 4)
        assert all(r.score == pytest.approx(r.reasons.total) for r in recs)


class TestForkedBatch:
    def test_worker_processes_return_what_one_process_does(
        self, small_taxonomy: Taxonomy, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import matching.jobs as jobs

        people = [*TestBatch.PEOPLE] * 3
        m = JobMatcher(small_taxonomy, n_jobs=2).fit(VACANCIES)
        alone = m.recommend_many(people, top=2)
        monkeypatch.setattr(jobs, "_MIN_SHARE", 2)  # fork even for a dozen people
        forked = m.recommend_many(people, top=2)
        assert [[(r.id, r.score) for r in recs] for recs in forked] == [
            [(r.id, r.score) for r in recs] for recs in alone
        ]
        assert forked[3][0].reasons == alone[3][0].reasons


class TestTextSpace:
    def test_fast_rows_equal_the_vectorizers_transform(self) -> None:
        # TextSpace.sparse skips scikit-learn's per-call validation and counts a
        # block's tokens with numpy; the rows must be the vectorizer's own
        docs = [
            "数控车工 操作数控车床",
            "氩弧焊工；不锈钢管道氩弧焊",
            "warehouse keeper 仓库管理员",
        ]
        space = TextSpace(n_components=2).fit(docs)
        texts = ["车床操作 车床", "", "welding 氩弧焊 zzz", "无关的文字", "仓库 keeper keeper"]
        ours = space.sparse(texts)
        theirs = space.vectorizer_.transform(texts)
        theirs.sort_indices()
        assert ours.shape == theirs.shape
        assert (ours.indptr == theirs.indptr).all()
        assert (ours.indices == theirs.indices).all()
        assert ours.data == pytest.approx(theirs.data, rel=1e-6)


class TestFit:
    """The figure people see: bounded, never negative, made of its reasons' points."""

    def test_bounded_and_the_points_add_up(self, matcher: JobMatcher) -> None:
        people = [
            PersonDoc("a", skills=("会开数控车床", "看图纸"), text="车工干了三年"),
            PersonDoc("b", skills=("氩弧焊",)),
            PersonDoc("c", skills=("平面设计",), text="做海报"),
        ]
        for p in people:
            for r in matcher.recommend(p, top=3):
                fit = fit_of(r.reasons)
                assert 0 <= fit.total <= 100
                assert sum(fit.skills.values()) + fit.occupation == fit.total
                skills = {m.skill for m in (*r.reasons.matched, *r.reasons.related)}
                assert set(fit.skills) == skills

    def test_every_skill_in_full_is_the_whole_skills_share(self, matcher: JobMatcher) -> None:
        p = PersonDoc("w1", skills=("会开数控车床", "看图纸"), text="车工干了三年")
        lathe = next(r for r in matcher.recommend(p, top=3) if r.id == "v-lathe")
        fit = fit_of(lathe.reasons)
        assert sum(fit.skills.values()) == 50  # both skills, of equal weight with occupation
        assert fit.total == 50 + fit.occupation

    def test_nothing_shared_is_zero_however_the_words_score(self, matcher: JobMatcher) -> None:
        p = PersonDoc("d", skills=("平面设计",), text="数控车床 车工")  # lathe words only
        for r in matcher.recommend(p, top=3):
            if not r.reasons.matched and not r.reasons.related and not r.reasons.occupation:
                assert fit_of(r.reasons).total == 0

    def test_a_learned_ranker_changes_the_score_not_the_fit(self, matcher: JobMatcher) -> None:
        p = PersonDoc("w3", skills=("氩弧焊",))
        for r in matcher.recommend(p, top=3):
            weighed = reweigh(r.reasons, (0.7, 2.7, -0.3, -0.5, 4.7, 2.3))
            assert fit_of(weighed) == fit_of(r.reasons)

    def test_rounding_keeps_the_sum(self) -> None:
        thirds = tuple(
            SkillMatch(f"s{i}", f"s{i}", 1.0, 0.2, share=1 / 3) for i in range(3)
        )  # 3 x 16.67 points: shown as 17 + 17 + 16 (the total rounds to 50)
        fit = fit_of(Reasons(matched=thirds, occupation=0.6, occupation_fit=1.0))
        assert fit.total == 100 and sorted(fit.skills.values()) == [16, 17, 17]
        assert fit.occupation == 50
        assert fit_of(Reasons(text=-3.0, title=-1.0)).total == 0  # never negative
