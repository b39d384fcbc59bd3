def test_home_links_to_safety_evidence_guidance_and_rights(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/sq/").content.decode()
    assert all(path in page for path in ("/sq/safety/", "/sq/evidence/guidance/", "/sq/rights/"))
    for path in ("/sq/safety/", "/sq/evidence/guidance/", "/sq/rights/"):
        assert client.get(path).status_code == 200
