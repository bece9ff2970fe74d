package dev.modelgate.server;

import dev.modelgate.server.config.Config;
import dev.modelgate.server.store.Database;
import dev.modelgate.server.store.Event;
import dev.modelgate.server.store.EventStore;
import dev.modelgate.server.store.TokenStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Instant;

/**
 * {@code modelgate serve token create|list|revoke}: manages bearer tokens directly in the
 * gateway's database (the same one {@code serve} uses, by the same options). The secret is printed
 * once, on stdout; only its hash is stored.
 */
final class TokenCommand {
  private TokenCommand() {}

  static int run(Args a, Config cfg, PrintStream out, PrintStream err) throws Exception {
    if (a.positional.size() < 2) {
      err.println("modelgate serve token: expected create, list or revoke");
      return Main.USAGE;
    }
    String verb = a.positional.get(1);
    Files.createDirectories(cfg.data());
    try (Database db = Database.open(cfg.jdbcUrl())) {
      TokenStore tokens = new TokenStore(db);
      EventStore events = new EventStore(db);
      switch (verb) {
        case "create" -> {
          if (a.role == null) {
            err.println("modelgate serve token create: --role read|upload|admin is required");
            return Main.USAGE;
          }
          TokenStore.Role role;
          try {
            role = TokenStore.Role.parse(a.role);
          } catch (IllegalArgumentException e) {
            err.println("modelgate serve token create: " + e.getMessage());
            return Main.USAGE;
          }
          String name = a.name != null ? a.name : role.label() + "-" + Long.toString(
              System.currentTimeMillis(), 36);
          String secret;
          try {
            secret = tokens.create(name, role);
          } catch (IllegalArgumentException e) {
            err.println("modelgate serve token create: " + e.getMessage());
            return Main.USAGE;
          }
          events.append(Event.of("token").client("cli", name).detail("created " + role.label()
              + " token " + name).build());
          out.println(secret);
          err.println("modelgate serve: created " + role.label() + " token \"" + name
              + "\" (shown once; send it as Authorization: Bearer …)");
          return Main.OK;
        }
        case "list" -> {
          for (TokenStore.Token t : tokens.list()) {
            out.printf("%-24s %-7s created %s%s%n", t.name(), t.role().label(),
                Instant.ofEpochMilli(t.createdAt()), t.revokedAt() == null ? ""
                    : "  revoked " + Instant.ofEpochMilli(t.revokedAt()));
          }
          return Main.OK;
        }
        case "revoke" -> {
          if (a.positional.size() != 3) {
            err.println("modelgate serve token revoke: expected the token's NAME");
            return Main.USAGE;
          }
          String name = a.positional.get(2);
          if (!tokens.revoke(name)) {
            err.println("modelgate serve token revoke: no live token named \"" + name + "\"");
            return Main.FAILED;
          }
          events.append(Event.of("token").client("cli", name).detail("revoked token " + name)
              .build());
          err.println("modelgate serve: revoked token \"" + name + "\"");
          return Main.OK;
        }
        default -> {
          err.println("modelgate serve token: unknown command " + verb
              + " (create, list, revoke)");
          return Main.USAGE;
        }
      }
    }
  }
}
