//! `circleci-ls check --docker-hub …` words Docker Hub findings for where jobs run.

use std::process::Command;

const CONFIG: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps:\n      - checkout\nworkflows:\n  main:\n    jobs:\n      - build\n";

fn check(mode: &str) -> std::io::Result<String> {
    let dir = std::env::temp_dir().join(format!("circleci-ls-cli-{}-{mode}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("config.yml");
    std::fs::write(&file, CONFIG)?;
    let out = Command::new(env!("CARGO_BIN_EXE_circleci-ls"))
        .args(["check", "--docker-hub", mode])
        .arg(&file)
        .output()?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn docker_hub_modes() {
    let cloud = check("cloud").expect("run circleci-ls check");
    assert!(cloud.contains("warning[docker-hub-rate-limit]"), "{cloud}");
    assert!(
        cloud.contains("not rate-limited on CircleCI cloud today"),
        "{cloud}"
    );
    let info = check("cloud-info").expect("run circleci-ls check");
    assert!(info.contains("info[docker-hub-rate-limit]"), "{info}");
    let hosted = check("self-hosted").expect("run circleci-ls check");
    assert!(
        hosted.contains("warning[docker-hub-rate-limit]"),
        "{hosted}"
    );
    assert!(hosted.contains("rate-limits this image now"), "{hosted}");
}
