package dev.modelgate.server.policy;

import dev.modelgate.server.config.PolicyRules;
import dev.modelgate.server.config.RepoPolicy;
import dev.modelgate.server.store.DecisionStore;
import dev.modelgate.server.store.DecisionStore.Decision;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The policy in effect: the config's rules, plus reviewers' decisions from the database
 * (allowlist patterns per organisation, releases of single files). Decisions are held in memory
 * and reloaded whenever one is made or revoked through this gateway.
 */
public final class PolicyService {
  private final PolicyRules rules;
  private final DecisionStore decisions;
  private volatile List<Decision> active = List.of();

  public PolicyService(PolicyRules rules, DecisionStore decisions) throws SQLException {
    this.rules = rules;
    this.decisions = decisions;
    reload();
  }

  public void reload() throws SQLException {
    active = List.copyOf(decisions.list(true));
  }

  /** The policy for {@code repo}: config rules plus allow decisions for its organisation. */
  public RepoPolicy forRepo(String repo) {
    RepoPolicy p = rules.forRepo(repo);
    String org = org(repo);
    List<String> extra = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    for (Decision d : active) {
      if (d.kind().equals(DecisionStore.ALLOW) && org.equals(d.org())) {
        extra.add(d.pattern());
        ids.add(d.id());
      }
    }
    return p.withAllowed(extra, "decisions " + ids);
  }

  /** The id of an active release of exactly these bytes at this repository file, or 0. */
  public long release(String repo, String commit, String path, String sha256) {
    for (Decision d : active) {
      if (d.kind().equals(DecisionStore.RELEASE) && repo.equals(d.repo())
          && path.equals(d.path()) && sha256.equals(d.sha256())
          && (d.commit() == null || d.commit().equals(commit))) {
        return d.id();
      }
    }
    return 0;
  }

  /** The organisation (namespace) of a repository id; a bare name is its own. */
  public static String org(String repo) {
    int slash = repo.indexOf('/');
    return slash < 0 ? repo : repo.substring(0, slash);
  }
}
