package dev.netseg.infer;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of everything netseg prints or writes. Configuration values often carry
 * them ({@code postgresql://user:password@db:5432}, {@code Server=db;Password=...;}, {@code
 * ?password=...}); a value quoted in evidence would copy them into policies' justification
 * annotations, reports, JSON output, the operator's status, events and logs. Every value text
 * inference quotes goes through {@link #redact}; variables whose name says they hold a secret are
 * not read at all ({@link #isSecretKey}).
 */
public final class Secrets {
  /** What replaces a credential. */
  public static final String MASK = "***";

  // scheme://userinfo@ : the userinfo, whatever it holds
  private static final Pattern USERINFO =
      Pattern.compile("([a-z][a-z0-9+.-]*://)[^\\s/@?#\"'<>]+@", Pattern.CASE_INSENSITIVE);
  // key=value and key: value pairs whose key names a credential, in connection strings, query
  // strings and properties: the value up to the next separator
  private static final Pattern PAIR =
      Pattern.compile(
          "((?:^|[\\s;&?,{\"'])[a-z0-9_. -]*?"
              + "(?:password|passwd|pwd|pass|secret|token|credentials?|api[_-]?key|access[_-]?key"
              + "|accountkey|sharedaccesskey|private[_-]?key|sig)"
              + "[\"']?\\s*[=:]\\s*[\"']?)([^\\s;&,\"'}]+)",
          Pattern.CASE_INSENSITIVE);

  private Secrets() {}

  /** The text with URL userinfo and the values of password-like keys replaced by {@value MASK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (out.indexOf('@') >= 0) {
      out =
          USERINFO.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    }
    Matcher pair = PAIR.matcher(out);
    if (pair.find()) {
      out = pair.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }
    return out;
  }

  /**
   * True when a key (env var name, ConfigMap key) says its value is a credential: {@code
   * DB_PASSWORD}, {@code REDIS_PASS}, {@code API_TOKEN}, {@code clientSecret}, {@code ACCESS_KEY};
   * not when its last word says it is an address ({@code PASSWORD_RESET_URL}).
   */
  public static boolean isSecretKey(String key) {
    if (key == null || AddressReferences.isAddressKey(key)) {
      return false; // PASSWORD_RESET_URL is an address; its userinfo is masked like any other
    }
    String k = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return k.contains("password")
        || k.contains("passwd")
        || k.contains("secret")
        || k.contains("token")
        || k.contains("credential")
        || k.contains("apikey")
        || k.contains("accesskey")
        || k.contains("privatekey")
        || k.endsWith("pwd")
        || k.endsWith("pass");
  }
}
