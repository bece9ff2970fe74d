package dev.modelgate.server.hub;

import dev.modelgate.server.http.HttpError;
import dev.modelgate.server.store.HubStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A commit's full file listing, fetched once from the upstream (all pages, following its
 * {@code Link} headers) and kept for good: a commit's tree never changes. The last few trees are
 * also held in memory, since every file request of a download looks one up.
 */
final class Trees {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final int MAX_PAGES = 10_000;
  private static final int MAX_ENTRIES = 1_000_000;
  private static final int MEMORY = 64;

  private final Upstream upstream;
  private final HubStore store;
  private final int maxJson;
  private final Map<String, Tree> recent = new ConcurrentHashMap<>();

  Trees(Upstream upstream, HubStore store, int maxJson) {
    this.upstream = upstream;
    this.store = store;
    this.maxJson = maxJson;
  }

  Tree get(String repo, String commit) throws HttpError, SQLException {
    String key = repo + "@" + commit;
    Tree t = recent.get(key);
    if (t != null) {
      return t;
    }
    Optional<String> stored = store.tree(repo, commit);
    if (stored.isPresent()) {
      t = new Tree(Tree.parse(stored.get().getBytes(StandardCharsets.UTF_8)));
    } else {
      t = new Tree(fetch(repo, commit));
      store.putTree(repo, commit, t.toJson());
    }
    if (recent.size() >= MEMORY) {
      recent.clear();
    }
    recent.put(key, t);
    return t;
  }

  private List<Tree.Entry> fetch(String repo, String commit) throws HttpError {
    List<Tree.Entry> all = new ArrayList<>();
    URI next = upstream.uri("/api/models/" + repo + "/tree/" + commit
        + "?recursive=true&expand=false");
    for (int page = 0; next != null; page++) {
      if (page >= MAX_PAGES || all.size() > MAX_ENTRIES) {
        throw new HttpError(502, "the upstream's tree listing of " + repo + " is too long");
      }
      Upstream.Json j;
      try {
        j = upstream.json(next, maxJson);
      } catch (UpstreamException e) {
        throw UpstreamErrors.down(e, "the file list of " + repo + "@" + commit);
      }
      if (j.status() != 200) {
        throw UpstreamErrors.passThrough(j);
      }
      all.addAll(Tree.parse(j.body()));
      next = nextPage(j.answer().header("Link"), next);
    }
    return all;
  }

  static URI nextPage(String link, URI current) {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT.matcher(link);
    if (!m.find()) {
      return null;
    }
    try {
      return current.resolve(m.group(1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
