//! What Docker Hub's pull limits mean for a pull, by where the pull happens.
//!
//! CircleCI's arrangement with Docker spares the images of Docker executors on CircleCI cloud
//! ("with few exceptions, you should not be impacted by any rate limits", CircleCI's Docker
//! authenticated pulls page), but may end. Self-hosted runners and CircleCI server pull from
//! their own addresses, and so do a job's own `docker pull|run|create` commands and the Docker
//! orb in machine executors or after `setup_remote_docker`: those pulls are limited now.

use std::collections::HashSet;

use super::resolve::ImageEntry;
use crate::diagnostics::Severity;

/// The rate-limit numbers every message and hover quotes.
pub const RATE_LIMIT_NUMBERS: &str = "10 pulls per hour without credentials, 100 per hour with a free Docker account, unlimited on paid plans, as of April 2025";

/// Where a team's jobs run and how loudly unauthenticated executor images are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DockerHubSettings {
    /// Jobs run on self-hosted runners or CircleCI server: every pull is limited now, so
    /// every case is a warning with that wording.
    pub self_hosted: bool,
    /// The level of an executor image pulled on CircleCI cloud (not limited today); `None`
    /// leaves that case out.
    pub cloud_executor_images: Option<Severity>,
}

impl Default for DockerHubSettings {
    fn default() -> Self {
        DockerHubSettings {
            self_hosted: false,
            cloud_executor_images: Some(Severity::Warning),
        }
    }
}

/// What the docker rules need to know beyond the config's images.
#[derive(Clone, Debug, Default)]
pub struct RateLimitScope {
    pub settings: DockerHubSettings,
    /// Jobs nothing runs, by name; their images and pulls are not reported (the unused hints
    /// are). Empty when that is not known.
    pub idle_jobs: HashSet<String>,
    /// Executors no job uses, by name.
    pub idle_executors: HashSet<String>,
}

impl RateLimitScope {
    /// Whether some job that runs pulls this executor image.
    pub fn entry_runs(&self, entry: &ImageEntry<'_>) -> bool {
        if !entry.jobs.is_empty() {
            return entry.jobs.iter().any(|j| !self.idle_jobs.contains(j));
        }
        entry.executors.is_empty()
            || entry
                .executors
                .iter()
                .any(|e| !self.idle_executors.contains(e))
    }

    /// Whether the job that makes a step pull runs.
    pub fn job_runs(&self, job: &str) -> bool {
        !self.idle_jobs.contains(job)
    }

    /// The level and message of the finding for an executor image without credentials;
    /// `None` when that case is switched off.
    pub fn executor_image(&self) -> Option<(Severity, &'static str)> {
        if self.settings.self_hosted {
            return Some((
                Severity::Warning,
                "Add `auth`: on self-hosted runners and server, Docker Hub rate-limits this image now.",
            ));
        }
        let level = self.settings.cloud_executor_images?;
        Some((
            level,
            "Add `auth`: a Docker Hub image without credentials (not rate-limited on CircleCI cloud today).",
        ))
    }

    /// The level of a Docker Hub image of a registry orb executor: reported only where it is
    /// limited now (self-hosted runners and server). On CircleCI cloud it is an executor image
    /// like any other, not limited today, and the config cannot give it `auth`; hover says so.
    pub fn orb_executor_image(&self) -> Option<Severity> {
        self.settings.self_hosted.then_some(Severity::Warning)
    }
}
