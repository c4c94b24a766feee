#![allow(dead_code)]
//! The generated configs the benchmarks run on: realistic (anchored defaults and credentials,
//! executors with parameters, commands, many jobs with multi-line scripts, a workflow with
//! `requires` chains) and as long as asked.

use std::fmt::Write as _;

/// A config of about `target_lines` lines: orbs, anchored defaults and auth, executors,
/// commands with parameters, many jobs with multi-line scripts, and workflows with requires.
pub fn generate(target_lines: usize) -> String {
    let mut s = String::from(
        "version: 2.1\n\norbs:\n  node: circleci/node@5.1.0\n  aws-cli: circleci/aws-cli@4.1.3\n\n\
         parameters:\n  deploy:\n    type: boolean\n    default: false\n  region:\n    type: string\n    default: us-east-1\n\n\
         x-auth: &dockerhub_auth\n  username: $DOCKERHUB_USERNAME\n  password: $DOCKERHUB_PASSWORD\n\n\
         x-defaults: &defaults\n  working_directory: ~/repo\n  resource_class: medium\n  environment:\n    TZ: UTC\n    NODE_ENV: test\n\n\
         executors:\n  base:\n    docker:\n      - image: cimg/base:2024.01\n        auth: *dockerhub_auth\n  \
         pg:\n    parameters:\n      version:\n        type: string\n        default: \"15\"\n    docker:\n      - image: cimg/postgres:<< parameters.version >>\n        auth: *dockerhub_auth\n\n\
         commands:\n  install:\n    description: Install dependencies with a cache.\n    parameters:\n      key:\n        type: string\n        default: v1\n    steps:\n      - restore_cache:\n          keys:\n            - deps-<< parameters.key >>-{{ checksum \"package-lock.json\" }}\n      - run: npm ci\n      - save_cache:\n          key: deps-<< parameters.key >>-{{ checksum \"package-lock.json\" }}\n          paths: [node_modules]\n\njobs:\n",
    );
    let mut jobs = Vec::new();
    let mut job_text = String::new();
    // Every job costs its own lines plus three in the workflow; stop before the target.
    let mut lines = s.lines().count() + 4;
    for i in 0.. {
        let mut job = String::new();
        let _ = write!(
            job,
            "  test-{i}:\n    <<: *defaults\n    docker:\n      - image: cimg/node:20.{}\n        auth: *dockerhub_auth\n      - image: cimg/redis:7.{}\n        auth: *dockerhub_auth\n    parallelism: {}\n    steps:\n      - checkout\n      - install:\n          key: v{i}\n      - run:\n          name: Test shard {i}\n          command: |\n            echo \"shard {i} of $CIRCLE_NODE_TOTAL\"\n            npm test -- --shard={i}\n            if [ \"<< pipeline.parameters.deploy >>\" = \"true\" ]; then\n              echo deploy\n            fi\n      - store_test_results:\n          path: reports/{i}\n",
            i % 10,
            i % 4,
            1 + i % 4
        );
        let cost = job.lines().count() + 3;
        if lines + cost > target_lines {
            break;
        }
        lines += cost;
        job_text.push_str(&job);
        jobs.push(format!("test-{i}"));
    }
    s.push_str(&job_text);
    s.push_str("\nworkflows:\n  main:\n    jobs:\n");
    for (n, job) in jobs.iter().enumerate() {
        if n == 0 {
            let _ = writeln!(s, "      - {job}:\n          context: [docker-hub-creds]");
        } else {
            let _ = writeln!(
                s,
                "      - {job}:\n          context: [docker-hub-creds]\n          requires: [{}]",
                jobs[n - 1]
            );
        }
    }
    s
}

/// The same config with 10 orbs declared and orb commands in every job: the orb checks'
/// share of the analysis.
pub fn generate_with_orbs(target_lines: usize) -> String {
    let orbs = "orbs:\n  node: circleci/node@5.1.0\n  aws-cli: circleci/aws-cli@4.1.3\n  \
        docker: circleci/docker@2.8.2\n  slack: circleci/slack@4.15.0\n  ecr: circleci/aws-ecr@9.8.1\n  \
        browser-tools: circleci/browser-tools@1.5.3\n  python: circleci/python@2\n  go: circleci/go@1.11\n  \
        codecov: codecov/codecov@3.3.0\n  jq: circleci/jq@3.0.2\n";
    generate(target_lines)
        .replacen(
            "orbs:\n  node: circleci/node@5.1.0\n  aws-cli: circleci/aws-cli@4.1.3\n",
            orbs,
            1,
        )
        .replace(
            "      - checkout\n",
            "      - checkout\n      - node/install-packages:\n          pkg-manager: npm\n      - slack/notify:\n          event: fail\n",
        )
}

/// `docker pull` lines in one `run: |` block of a machine job: one `docker-hub-rate-limit`
/// finding with a login fix per line. At 120,000 lines it is about 4 MB, the analysis cap.
pub fn pulls_in_one_script(n: usize) -> String {
    let mut s = String::from(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: |\n",
    );
    for i in 0..n {
        let _ = writeln!(s, "          docker pull redis:{i}");
    }
    s
}
