"""Each role's navigation, and the notices shown after a redirect.

Links are (route name, message id); the templates translate the label and build
the URL with ``url_for``, so a renamed path never leaves a dead link.
"""

from __future__ import annotations

from backend.accounts.schemas import Principal

NAV: dict[str, tuple[tuple[str, str], ...]] = {
    "person": (
        ("my_jobs", "Jobs for me"),
        ("my_applications", "My applications"),
        ("my_courses", "Courses"),
        ("my_next_step", "My next step"),
        ("my_skill_bank", "My skill bank"),
        ("my_profile", "My profile"),
        ("notifications_page", "Notifications"),
        ("my_data", "My data"),
    ),
    "company": (
        ("firm_home", "Our vacancies"),
        ("firm_new_vacancy", "Post a vacancy"),
        ("firm_pipeline", "Applications"),
        ("firm_needs", "Training needs"),
        ("firm_evaluations", "Skill evaluations"),
        ("resources_facilities", "Training facilities"),
        ("resources_bookings", "Bookings"),
        ("resources_ledger", "Sharing ledger"),
        ("firm_import", "Import our vacancies"),
        ("firm_users", "HR users"),
        ("notifications_page", "Notifications"),
    ),
    "school": (
        ("school_home", "Our courses"),
        ("school_new_course", "Publish a course"),
        ("school_needs", "Training needs"),
        ("school_placements", "Placements"),
        ("school_import", "Import our courses"),
        ("resources_facilities", "Training facilities"),
        ("resources_bookings", "Bookings"),
        ("resources_ledger", "Sharing ledger"),
        ("notifications_page", "Notifications"),
    ),
    "park": (
        ("park_home", "Our park"),
        ("park_analytics", "Supply and demand"),
        ("vacancies_page", "Vacancies"),
    ),
    "staff": (
        ("staff_home", "At a glance"),
        ("staff_members", "Approve members"),
        ("staff_analytics", "Supply and demand"),
        ("staff_forecast", "Pathways forecast"),
        ("staff_evaluations", "Skill evaluations"),
        ("staff_subsidies", "Subsidy policies"),
        ("staff_jobs", "Operations"),
    ),
}
PUBLIC_NAV: tuple[tuple[str, str], ...] = (
    ("members_page", "Members"),
    ("vacancies_page", "Vacancies"),
    ("courses_page", "Courses"),
    ("subsidies_page", "Subsidy policies"),
    ("resources_facilities", "Shared resources"),
    ("verify_page", "Verify a skill bank record"),
)
HOME: dict[str, str] = {
    "person": "my_jobs",
    "company": "firm_home",
    "school": "school_home",
    "park": "park_home",
    "staff": "staff_home",
}

# ?done=<key> after a redirect; the value is a message id.
NOTICES: dict[str, str] = {
    "signed_up": "Welcome! Your account is ready.",
    "signed_up_pending": "Your account was created and waits for approval by alliance staff.",
    "profile": "Your profile was saved.",
    "skill": "Skill added to your record.",
    "skill_removed": "Skill removed.",
    "employment": "Employment added.",
    "applied": "Application sent. The firm has been told.",
    "withdrawn": "Application withdrawn.",
    "enrolled": "You are enrolled.",
    "course_withdrawn": "You left the course.",
    "consent": "Your choices were saved.",
    "read": "Marked as read.",
    "vacancy": "Vacancy published.",
    "vacancy_closed": "Vacancy closed.",
    "vacancy_saved": "Your changes to the vacancy were saved.",
    "course_saved": "Your changes to the course were saved.",
    "need_saved": "Your changes to the training need were saved.",
    "reset_sent": "If an account uses this address, a link to set a new password is on its way.",
    "password_set": "Your new password is set. Sign in with it.",
    "moved": "Application updated. The applicant has been told.",
    "need": "Training need published.",
    "need_closed": "Training need closed.",
    "course": "Course published.",
    "course_closed": "Course closed.",
    "completed": "Completion recorded: credential and skills added.",
    "answered": "Your course was offered for this need.",
    "approved": "Placement approved.",
    "declined": "Placement declined.",
    "member": "Member approved.",
    "account": "Account activated.",
    "policy": "Policy published.",
    "policy_withdrawn": "Policy withdrawn.",
}


def nav_for(user: Principal | None) -> tuple[tuple[str, str], ...]:
    if user is None:
        return PUBLIC_NAV
    return NAV.get(user.role, PUBLIC_NAV)


def home_for(user: Principal | None) -> str:
    return HOME.get(user.role, "members_page") if user else "members_page"
