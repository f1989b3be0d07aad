import Foundation
import PeerPlanStore

/// The repository, found from this file (Tests/PeerPlanTestSupport/RepositoryPaths.swift).
package let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The repository's Config folder: policy.yaml, rubrics/, costs.yaml.
package let configDirectory = repositoryRoot.appendingPathComponent("Config")

/// The hand-made Riverbend fixtures: `district/` (see Fixtures/README.md), `calendars/`, and more.
package let fixturesDirectory = repositoryRoot.appendingPathComponent("Fixtures")

/// The repository's Config, as every command loads it.
package func loadTestConfig() throws -> PeerPlanConfig { try ConfigLoader.load(from: configDirectory) }
