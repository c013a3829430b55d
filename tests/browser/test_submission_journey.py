"""A submitter's whole journey in headless Chromium: register, follow the e-mailed link and choose a password, fill every
wizard step with an image, meet an error summary, submit, and see "Submitted". Screenshots of each key screen."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_labels(page, *labels: str) -> None:
    for label in labels:
        page.get_by_label(label, exact=True).check()


def save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def test_register_verify_fill_the_wizard_and_submit(page, screenshot, tmp_path):
    mail.outbox.clear()

    page.goto("/accounts/register/")
    page.get_by_label("Full name").fill("Ada Investigator")
    page.get_by_label("E-mail address").fill("ada@police.example.org")
    page.get_by_label("Organisation", exact=True).fill("Example National Police")
    page.get_by_label("National police").check()
    page.get_by_label("Country of the organisation").select_option("FR")
    screenshot(page, "01-register")
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    # The link from the e-mail: the mailbox holder chooses the password, and only then is there an account.
    link = re.search(r"https?://[^/\s]+(/accounts/verify/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("heading", name="Choose your password").wait_for()
    page.get_by_label("Password", exact=True).fill("a-long-and-unusual-pass-42")
    page.get_by_label("Password again").fill("a-long-and-unusual-pass-42")
    screenshot(page, "02-choose-password")
    page.get_by_role("button", name="Open my account").click()
    page.get_by_text("your e-mail address is confirmed").wait_for()
    screenshot(page, "02-start")
    page.get_by_role("button", name="Start a new submission").click()

    # 1. Organisation and contact: the organisation comes from the account.
    assert page.locator("#id_organisation_name").input_value() == "Example National Police"
    for country in ("France", "Netherlands"):
        page.get_by_label("Filter the countries").fill(country)
        page.get_by_label(country, exact=True).check()
    assert page.locator("[data-chosen-names]").inner_text() == "France, Netherlands"
    page.get_by_label("Contact phone number").fill("+33 4 72 44 70 00")
    page.get_by_label("I agree that the public answers may be published").check()
    screenshot(page, "03-organisation")
    save_and_continue(page)

    # 2. The use case — first without a title: the error summary links to the field.
    page.get_by_label("Short summary").fill("Reads licence plates at border crossings and flags stolen vehicles.")
    check_labels(page, "English", "Pilot", "Licence-plate recognition", "Vehicle crime", "Suspects", "Recommends or prioritises")
    page.get_by_label("Problem addressed").fill("Stolen vehicles cross the border unnoticed.")
    page.get_by_label("Benefits").fill("More recoveries.")
    page.get_by_label("Outputs").fill("An alert to the officer on duty.")
    save_and_continue(page)
    summary = page.get_by_role("alert")
    summary.get_by_text("There is a problem").wait_for()
    assert summary.get_by_role("link").first.get_attribute("href") == "#id_title"
    assert page.locator("#id_title").get_attribute("aria-invalid") == "true"
    screenshot(page, "04-error-summary")
    summary.get_by_role("link").first.click()
    page.get_by_label("Title").fill("Licence plates at the border")
    save_and_continue(page)

    # 3. Technology and data.
    check_labels(page, "Computer vision", "From a supplier", "Collected by our organisation")
    page.locator("#id_supplier_name").fill("PlateCo")
    page.get_by_label("Data used (public summary)").fill("Images of number plates; no faces kept.")
    page.locator("#id_personal_data_0").check()
    page.locator("#id_biometric_data_1").check()
    page.locator("#id_retention_limit_0").check()
    page.get_by_label("Retention period").fill("30 days")
    page.get_by_label("No: the contract forbids it").check()
    page.get_by_label("The supplier's data terms").fill("Processing only on our instructions.")
    page.get_by_label("Security accreditation").fill("Hosted on the accredited police network.")
    screenshot(page, "05-technology")
    save_and_continue(page)

    # 4. Safeguards: lawfulness and risk.
    page.get_by_label("A specific law or statutory power").check()
    page.get_by_label("The law or mandate relied on").fill("Road traffic act, art. 12.")
    page.get_by_label("Legal basis (public summary)").fill("The road traffic act.")
    for name in ("legal_signoff", "coercive_use", "alternatives_considered"):
        page.locator(f"#id_{name}_0").check()
    for name in ("bulk_general_public", "profiles_individuals"):
        page.locator(f"#id_{name}_1").check()
    page.get_by_label("None of these").check()
    page.get_by_label("Necessity and proportionality").fill("Only at border crossings, only vehicles.")
    page.get_by_label("Alternatives considered").fill("Manual checks: too slow.")
    check_labels(page, "High-risk (Annex III)", "Point 6: law enforcement")
    page.get_by_label("Why this risk class").fill("Law-enforcement use (Annex III point 6).")
    page.get_by_label("Impact assessments (public summary)").fill("DPIA completed in 2024.")
    page.locator("#id_dpia_status_4").check()
    page.locator("#id_dpia_date").fill("2024-05-01")
    page.locator("#id_fria_status_0").check()
    page.locator("#id_toolkit_status_0").check()
    save_and_continue(page)

    # 5. Safeguards: oversight and accountability.
    for name in ("human_review", "drift_monitoring", "redress_route_exists", "use_disclosed", "logging_enabled"):
        page.locator(f"#id_{name}_0").check()
    for name in ("per_group_testing", "protected_traits_as_features", "output_used_as_evidence"):
        page.locator(f"#id_{name}_1").check()
    page.get_by_label("Evaluated in real operating conditions").check()
    page.locator("#id_human_oversight").fill("An officer checks every alert.")
    page.get_by_label("Evaluation, accuracy and bias testing (public summary)").fill("98% plate accuracy in the field.")
    page.get_by_label("Redress route").fill("Complaint to the police ombudsman.")
    page.get_by_label("Accountable role").fill("Head of border policing")
    page.get_by_label("Accountable person's name").fill("Jane Doe")
    page.get_by_label("Logging and audit (public summary)").fill("Every query is logged.")
    save_and_continue(page)

    # 6. Images and tags.
    picture = tmp_path / "diagram.png"
    picture.write_bytes(factories.png_bytes(size=(320, 200)))
    page.get_by_label("Add an image (optional)").set_input_files(str(picture))
    page.get_by_label("Alternative text for the image").fill("A diagram of the camera and the alert flow")
    page.get_by_label("Tags").fill("borders, vehicles")
    page.get_by_role("button", name="Save and add another image").click()
    page.get_by_alt_text("A diagram of the camera and the alert flow").wait_for()
    screenshot(page, "06-images")
    save_and_continue(page)

    # 7. Check your answers, then submit.
    page.get_by_role("heading", name="Check your answers").wait_for()
    assert page.get_by_text("Some answers are still missing").count() == 0
    screenshot(page, "07-check-answers")
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_role("heading", name="Submitted").wait_for()
    screenshot(page, "08-submitted")

    page.goto("/submissions/")
    assert page.get_by_text("Submitted", exact=True).count() >= 1
    screenshot(page, "09-my-submissions")

    from portal.models import Submission

    submission = Submission.objects.get(submitter__email="ada@police.example.org")
    assert submission.status == "submitted"
    assert submission.page.get_latest_revision().user.email == "ada@police.example.org"
    assert submission.page.specific.images.count() == 1
