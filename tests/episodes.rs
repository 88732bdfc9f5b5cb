//! The panel's key practice episodes: a title and a period (and the
//! agencies involved), with the records and flags that fall in it; added,
//! edited and removed by the reviewer, each change audited.

mod support;

use support::*;

#[test]
fn an_episode_holds_the_records_and_flags_of_its_period() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();

    ok(&[
        "episode",
        "add",
        r,
        "--title",
        "March 2021: the second incident",
        "--from",
        "12/03/2021",
        "--to",
        "2021-04-09",
        "--summary",
        "Police attend; CSC assess and close.",
    ]);
    let list = json(&ok(&["episode", "list", r, "--json"]));
    let e = &list.as_array().unwrap()[0];
    assert_eq!(e["title"], "March 2021: the second incident");
    assert_eq!(e["starts"], "2021-03-12");
    assert_eq!(e["ends"], "2021-04-09");

    // Its records are the records of the period: every one dated to a day
    // inside it, and besides those only records dated more loosely (a
    // month) whose span meets it.
    let records = json(&ok(&["records", r, "--json"]));
    let day_of = |x: &serde_json::Value| -> Option<String> {
        x["when"]["start"]
            .as_str()
            .and_then(|d| d.get(..10))
            .map(str::to_string)
    };
    let in_period: Vec<i64> = records
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| day_of(x).is_some_and(|d| ("2021-03-12".."2021-04-10").contains(&d.as_str())))
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    let loose = records
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| day_of(x).is_none())
        .count();
    let got: Vec<i64> = e["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert!(!in_period.is_empty());
    assert!(in_period.iter().all(|id| got.contains(id)), "{got:?}");
    assert!(got.len() <= in_period.len() + loose);
    // The demo's closure of 09/04/2021 is flagged, and the flag is in it.
    let flags = json(&ok(&["flags", r, "--json"]));
    let closure = flags
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["agency"] == "Harwick Children's Social Care"
                && f["at"].as_str().unwrap().starts_with("2021-04-09")
        })
        .expect("the planted closure");
    assert!(
        e["flags"].as_array().unwrap().contains(&closure["id"]),
        "{e}"
    );

    // Only one agency's records when it names one.
    let id = e["id"].as_i64().unwrap().to_string();
    ok(&[
        "episode",
        "edit",
        r,
        &id,
        "--agency",
        "Harwick Police",
        "--analysis",
        "Why: ...",
    ]);
    let e = &json(&ok(&["episode", "list", r, "--json"]))[0];
    assert_eq!(e["analysis"], "Why: ...");
    assert_eq!(e["summary"], "Police attend; CSC assess and close.", "kept");
    let police: Vec<i64> = records
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["agency"] == "Harwick Police")
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    let mine = e["records"].as_array().unwrap();
    assert!(!mine.is_empty());
    assert!(
        mine.iter().all(|v| police.contains(&v.as_i64().unwrap())),
        "{e}"
    );

    // Refused: a period that ends before it starts, an unknown episode.
    let err = fails(&["episode", "edit", r, &id, "--to", "01/01/2021"]);
    assert!(err.contains("before it starts"), "{err}");
    let err = fails(&["episode", "add", r, "--title", "No period"]);
    assert!(err.contains("period"), "{err}");

    ok(&["episode", "remove", r, &id]);
    assert!(json(&ok(&["episode", "list", r, "--json"]))
        .as_array()
        .unwrap()
        .is_empty());
    let trail = json(&ok(&["audit", r, "--json"]));
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["action"].as_str().unwrap())
        .collect();
    for a in ["episode.add", "episode.edit", "episode.remove"] {
        assert!(actions.contains(&a), "{actions:?}");
    }
    ok(&["verify", r]);
}

#[test]
fn the_report_has_a_section_per_episode_anonymised_with_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    let plain = dir.path().join("plain.pdf");
    ok(&["export", r, "--pdf", plain.to_str().unwrap()]);
    assert!(
        !pdftotext(&plain).contains("Key practice episodes"),
        "only when there are some"
    );

    ok(&[
        "episode",
        "add",
        r,
        "--title",
        "The closure of April 2021",
        "--from",
        "12/03/2021",
        "--to",
        "09/04/2021",
        "--summary",
        "Tyler's burn was seen by the GP; social care closed the case.",
        "--analysis",
        "The assessment relied on the mother's account alone.",
        "--learning",
        "Closure should follow checks with health.",
    ]);
    let pdf = dir.path().join("report.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap()]);
    let text = pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Key practice episodes"), "{text}");
    assert!(text.contains("The closure of April 2021 (12/03/2021 to 09/04/2021)"));
    assert!(text.contains("relied on the mother's account alone"));
    assert!(text.contains("Closure should follow checks with health"));
    assert!(text.contains("Tyler's burn was seen by the GP"));

    let anon = dir.path().join("anon.pdf");
    ok(&["export", r, "--pdf", anon.to_str().unwrap(), "--anonymise"]);
    let text = pdftotext(&anon)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Child A's burn was seen by the GP"),
        "the episode is anonymised"
    );
    assert!(!text.contains("Tyler"));
}

#[test]
fn findings_rest_on_episodes_and_flags_and_the_report_carries_them_anonymised() {
    let dir = tempfile::tempdir().unwrap();
    ok(&["demo", dir.path().to_str().unwrap()]);
    let review = dir.path().join("demo.sightline");
    let r = review.to_str().unwrap();
    ok(&[
        "episode",
        "add",
        r,
        "--title",
        "The closure of April 2021",
        "--from",
        "12/03/2021",
        "--to",
        "09/04/2021",
    ]);
    let episode = json(&ok(&["episode", "list", r, "--json"]))[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let flags = json(&ok(&["flags", r, "--json"]));
    let flag = flags
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["at"].as_str().unwrap().starts_with("2021-04-09"))
        .expect("the demo's closure is flagged");
    let flag_id = flag["id"].as_str().unwrap();

    // Refused: a flag or an episode the review does not have; no title.
    let before = dump(&review);
    let err = fails(&[
        "finding",
        "add",
        r,
        "--title",
        "X",
        "--flag",
        "F-0000000000",
    ]);
    assert!(err.contains("F-0000000000"), "{err}");
    let err = fails(&["finding", "add", r, "--title", "X", "--episode", "99"]);
    assert!(err.contains("no episode 99"), "{err}");
    let err = fails(&["finding", "add", r, "--text", "no title"]);
    assert!(err.contains("title"), "{err}");
    assert_eq!(dump(&review), before, "nothing refused is written");

    ok(&[
        "finding",
        "add",
        r,
        "--title",
        "Health's knowledge of Tyler's burn did not reach the closure",
        "--text",
        "Social care closed its assessment of Tyler while the GP held a burn it had not shared.",
        "--episode",
        &episode,
        "--flag",
        flag_id,
    ]);
    let list = json(&ok(&["finding", "list", r, "--json"]));
    let f = &list.as_array().unwrap()[0];
    assert_eq!(f["episodes"][0].as_i64().unwrap().to_string(), episode);
    assert_eq!(f["flags"][0], flag_id);
    let trail = ok(&["audit", r]);
    assert!(trail.contains("finding.add"), "{trail}");

    let pdf = dir.path().join("report.pdf");
    ok(&["export", r, "--pdf", pdf.to_str().unwrap()]);
    let text = pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("The panel's findings"), "{text}");
    assert!(text.contains("Finding 1: Health's knowledge of Tyler's burn"));
    assert!(text.contains("The closure of April 2021 (12/03/2021 to 09/04/2021)"));
    assert!(text.contains("GP held a burn it had not shared"));

    let anon = dir.path().join("anon.pdf");
    ok(&["export", r, "--pdf", anon.to_str().unwrap(), "--anonymise"]);
    let text = pdftotext(&anon);
    assert!(text.contains("The panel's findings"));
    assert!(!text.contains("Tyler"), "the findings are anonymised");

    // Removing the episode takes it from the finding; removing the finding
    // takes it from the report.
    ok(&["episode", "remove", r, &episode]);
    let list = json(&ok(&["finding", "list", r, "--json"]));
    assert!(list[0]["episodes"].as_array().unwrap().is_empty());
    let id = list[0]["id"].as_i64().unwrap().to_string();
    ok(&["finding", "remove", r, &id]);
    ok(&["export", r, "--pdf", pdf.to_str().unwrap()]);
    assert!(!pdftotext(&pdf).contains("The panel's findings"));
}
