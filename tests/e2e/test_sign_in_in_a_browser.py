def test_manager_rob_signs_in_with_a_real_browser_and_sees_his_dashboard(sign_in, manager_rob):
    page = sign_in("rob")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert "Rob Hughes" in page.content()


def test_the_skip_link_moves_focus_to_the_main_content(page, db):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main-content")


def test_board_margaret_sees_no_audit_log_link(sign_in, board_margaret):
    page = sign_in("margaret")
    assert page.get_by_role("link", name="Audit log").count() == 0
    page.goto("/audit/")
    assert page.get_by_role("heading", name="You do not have access to this page").is_visible()
