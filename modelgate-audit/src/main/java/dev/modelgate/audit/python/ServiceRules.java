package dev.modelgate.audit.python;

import dev.modelgate.audit.rules.AuditRules;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules about what a program exposes or fetches: unsandboxed Jinja on model templates, hub
 * downloads without a pinned revision, services listening on all interfaces without
 * authentication, and the weights-only override set through the environment API.
 */
final class ServiceRules {
  private static final Set<String> ALL_INTERFACES = Set.of("0.0.0.0", "", "::", "*", "[::]");
  private static final Pattern REPO_ID = Pattern.compile("[A-Za-z0-9][\\w.-]*/[\\w.-]+");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Set<String> HUB_FUNCTIONS = Set.of("from_pretrained", "hf_hub_download",
      "snapshot_download", "load_dataset");

  private final FileAudit file;
  private final Resolver r;

  ServiceRules(FileAudit file, Resolver r) {
    this.file = file;
    this.r = r;
  }

  void check(Call c) {
    jinja(c);
    hub(c);
    exposure(c);
    environment(c);
  }

  private void jinja(Call c) {
    Node source = null;
    if (c.calleeIs("jinja2.Template", "jinja2.environment.Template")) {
      source = c.arg(0, "source");
    } else if (c.receiver != null && c.simpleName.equals("from_string")
        && r.value(c.receiver) instanceof Value.Obj o && o.type().equals(Types.JINJA_ENV)) {
      source = c.arg(0, "source");
    }
    if (source == null) {
      return;
    }
    Taint t = r.taint(source);
    if (t.has(Taint.TEMPLATE) || t.has(Taint.NETWORK)) {
      file.report(AuditRules.JINJA_UNSANDBOXED, c.node, "renders " + t.describe()
          + " with an unsandboxed Jinja environment");
    }
  }

  private void hub(Call c) {
    String name = c.callee != null ? c.callee.substring(c.callee.lastIndexOf('.') + 1)
        : c.simpleName;
    name = name.substring(name.lastIndexOf('#') + 1);
    Node repo;
    if (HUB_FUNCTIONS.contains(name)) {
      repo = c.arg(0, switch (name) {
        case "from_pretrained" -> "pretrained_model_name_or_path";
        case "load_dataset" -> "path";
        default -> "repo_id";
      });
    } else if (c.calleeIs("transformers.pipeline")) {
      repo = c.arg(1, "model");
    } else if (c.calleeIs("sentence_transformers.SentenceTransformer")) {
      repo = c.arg(0, "model_name_or_path");
    } else if (c.calleeIs("torch.hub.load")) {
      String id = repo(c.arg(0, "repo_or_dir"));
      if (id != null && !id.contains(":") && !"local".equals(r.string(c.arg(-1, "source")))) {
        file.report(AuditRules.UNPINNED_DOWNLOAD, c.node, "torch.hub.load runs hubconf.py from the "
            + "default branch of " + id + "; pin it as owner/repo:commit");
      }
      return;
    } else {
      return;
    }
    String id = repo(repo);
    if (id == null) {
      return;
    }
    Node rev = c.arg(-1, "revision");
    String revision = rev == null ? null : r.string(rev);
    if (rev != null && revision == null) {
      return; // a variable: the analysis cannot tell
    }
    if (revision == null || !COMMIT.matcher(revision).matches()) {
      file.report(AuditRules.UNPINNED_DOWNLOAD, c.node, name + "(\"" + id + "\") fetches "
          + (revision == null ? "the latest revision" : "revision \"" + revision + "\", which can move")
          + "; pin revision= to a commit hash");
    }
  }

  private String repo(Node n) {
    String s = n == null ? null : r.string(n);
    if (s == null || s.startsWith(".") || s.startsWith("/") || s.startsWith("~")
        || !REPO_ID.matcher(s.contains(":") ? s.substring(0, s.indexOf(':')) : s).matches()) {
      return null;
    }
    return s;
  }

  @SuppressWarnings("ReferenceEquality") // Const.NONE is a marker compared by identity
  private void exposure(Call c) {
    if (c.simpleName.equals("bind") && c.receiver != null && !c.positional.isEmpty()) {
      Node a = c.positional.get(0);
      String addr = a.is("string") ? Strings.prefix(a) : r.string(a);
      if (addr != null && (addr.startsWith("tcp://*") || addr.startsWith("tcp://0.0.0.0")
          || addr.startsWith("tcp://[::]") || addr.startsWith("tcp://::"))) {
        file.pendingZmqBinds.add(c.node);
      }
      return;
    }
    if (c.callee == null) {
      return;
    }
    if (c.calleeIs(Types.MP_LISTENER) || c.calleeIs("multiprocessing.connection.Listener")) {
      Value addr = r.value(c.arg(0, "address"));
      Node authkey = c.arg(3, "authkey");
      boolean noKey = authkey == null || (r.value(authkey) instanceof Value.Const k
          && k.value() == Value.Const.NONE);
      if (noKey && addr instanceof Value.Tuple t && !t.items().isEmpty()
          && ALL_INTERFACES.contains(Value.string(t.items().get(0)))) {
        file.report(AuditRules.EXPOSED_SERVICE, c.node, "multiprocessing Listener on all interfaces "
            + "without authkey: its connections unpickle what any client sends");
      }
    } else if (c.calleeIs("ray.init")) {
      String host = r.string(c.arg(-1, "dashboard_host"));
      if (host != null && ALL_INTERFACES.contains(host)) {
        file.report(AuditRules.EXPOSED_SERVICE, c.node, "Ray dashboard on all interfaces: its job API "
            + "runs code for anyone who reaches it (no authentication)");
      }
    } else if (c.calleeIs("ray.serve.start")) {
      Node opts = c.arg(-1, "http_options");
      if (opts != null && opts.is("dictionary")) {
        for (Node p : opts.named()) {
          if (p.is("pair") && "host".equals(r.string(p.field("key")))
              && ALL_INTERFACES.contains(r.string(p.field("value")))) {
            file.report(AuditRules.EXPOSED_SERVICE, c.node, "Ray Serve HTTP on all interfaces "
                + "without authentication");
          }
        }
      }
    } else if (c.calleeIs("torch.distributed.rpc.init_rpc")) {
      file.report(AuditRules.EXPOSED_SERVICE, c.node, "torch.distributed.rpc has no authentication: "
          + "any host that reaches its port can run functions and send pickles");
    }
  }

  private void environment(Call c) {
    if (!(c.simpleName.equals("setdefault") || c.simpleName.equals("putenv")
        || c.simpleName.equals("setenv")) || c.positional.size() < 2) {
      return;
    }
    if (CallRules.NO_WEIGHTS_ONLY.equals(r.string(c.positional.get(0)))
        && !Boolean.FALSE.equals(r.truth(c.positional.get(1)))) {
      file.report(AuditRules.WEIGHTS_ONLY_DISABLED, c.node, CallRules.NO_WEIGHTS_ONLY
          + " makes every torch.load a full unpickler");
    }
  }
}
