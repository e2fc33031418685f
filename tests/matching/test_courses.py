import pytest

from matching.courses import CourseDoc, plan_courses
from matching.model import PersonDoc, VacancyDoc
from matching.taxonomy import Taxonomy

TARGET = VacancyDoc("v", "数控车工", skills=("数控车床操作", "机械识图", "氩弧焊"))


def course(cid: str, skills: tuple[str, ...], hours: float, **kw: object) -> CourseDoc:
    return CourseDoc(cid, cid, tuple((s, None) for s in skills), hours, **kw)  # type: ignore[arg-type]


class TestPlanCourses:
    def test_smallest_cover_says_what_each_course_closes(self, small_taxonomy: Taxonomy) -> None:
        person = PersonDoc("p", skills=("看图纸",))
        courses = [
            course("数控车床操作培训", ("数控车床操作",), 40),
            course("焊接基础", ("氩弧焊",), 30),
            course("数控与焊接综合班", ("数控车床操作", "氩弧焊"), 60),
        ]
        plan = plan_courses(person, TARGET, courses, small_taxonomy)
        assert plan.gap == ("cnc_lathe", "tig")
        assert [(c.course, c.closes) for c in plan.courses] == [
            ("数控与焊接综合班", ("cnc_lathe", "tig"))
        ]
        assert plan.uncovered == () and plan.total_hours == 60

    def test_subsidy_and_park_make_a_course_cheaper(self, small_taxonomy: Taxonomy) -> None:
        person = PersonDoc("p", skills=("看图纸", "氩弧焊"), park="铁西装备制造园")
        courses = [
            course("A", ("数控车床操作",), 40),
            course("B", ("数控车床操作",), 45, subsidised=True, park="铁西装备制造园"),
        ]
        assert [
            c.course for c in plan_courses(person, TARGET, courses, small_taxonomy).courses
        ] == ["B"]

    def test_prerequisites_and_seats(self, small_taxonomy: Taxonomy) -> None:
        person = PersonDoc("p", skills=("看图纸", "氩弧焊"))
        courses = [
            course("数控编程进阶", ("数控车床操作",), 20, prerequisites=("机床安全",)),
            course("机床安全", (), 8),
            course("满员班", ("数控车床操作",), 5, seats_free=0),
        ]
        plan = plan_courses(person, TARGET, courses, small_taxonomy)
        assert [c.course for c in plan.courses] == ["机床安全", "数控编程进阶"]
        assert plan.courses[0].prerequisite_for == "数控编程进阶"
        done = plan_courses(person, TARGET, courses, small_taxonomy, completed=["机床安全"])
        assert [c.course for c in done.courses] == ["数控编程进阶"]

    def test_uncovered_gap_is_reported(self, small_taxonomy: Taxonomy) -> None:
        plan = plan_courses(
            PersonDoc("p"), TARGET, [course("焊接", ("氩弧焊",), 10)], small_taxonomy
        )
        assert plan.uncovered == ("blueprint", "cnc_lathe")

    def test_occupation_target_and_bad_code(self, small_taxonomy: Taxonomy) -> None:
        plan = plan_courses(PersonDoc("p"), "6-18-02-04", [], small_taxonomy)
        assert set(plan.uncovered) == {"tig", "mig"}
        with pytest.raises(ValueError, match="unknown occupation"):
            plan_courses(PersonDoc("p"), "9-99-99-99", [], small_taxonomy)
