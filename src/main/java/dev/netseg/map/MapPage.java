package dev.netseg.map;

/** Placeholder until the page lands: the data in its script block. Replaced by the map page. */
public final class MapPage {
  private MapPage() {}

  public static String html(String title, String dataJson) {
    return "<!doctype html><title>"
        + title.replace("<", "&lt;")
        + "</title><script type=\"application/json\" id=\"netseg-data\">"
        + dataJson.replace("</", "<\\/")
        + "</script>";
  }
}
