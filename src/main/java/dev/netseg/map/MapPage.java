package dev.netseg.map;

/** Placeholder until the page lands: the data in a pre block. Replaced by the map page. */
public final class MapPage {
  private MapPage() {}

  public static String html(String title, String dataJson) {
    return "<!doctype html><title>"
        + title
        + "</title><pre>"
        + dataJson.replace("<", "&lt;")
        + "</pre>";
  }
}
