package dev.modelgate.server.http;

/** Route code: runs on its own virtual thread, may block, answers through the exchange. */
@FunctionalInterface
public interface Route {
  void handle(Exchange x) throws Exception;
}
