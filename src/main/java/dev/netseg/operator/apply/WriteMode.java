package dev.netseg.operator.apply;

/**
 * How objects are written. Real clusters use server-side apply under field manager {@code netseg};
 * the CRUD mock server used by the fast test tier does not implement it, so tests use plain
 * create-or-update.
 */
public enum WriteMode {
  SERVER_SIDE_APPLY,
  CREATE_OR_UPDATE
}
