package dev.netseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressReferencesTest {

  /** host[:port][ scheme]( strong| weak) for each reference, joined by "; ". */
  private static String render(List<AddressReference> refs) {
    return refs.stream()
        .map(
            r ->
                r.host()
                    + (r.port().isPresent() ? ":" + r.port().getAsInt() : "")
                    + r.scheme().map(s -> " " + s).orElse("")
                    + (r.strong() ? " strong" : " weak"))
        .collect(Collectors.joining("; "));
  }

  @ParameterizedTest(name = "[{1}] {0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // value | address-like key | references found
        "cartservice                              | true  | cartservice strong",
        "cartservice                              | false | ''",
        "cartservice:7070                         | false | cartservice:7070 strong",
        "cart.shop                                | false | cart.shop weak",
        "cart.shop                                | true  | cart.shop strong",
        "cart.shop.svc                            | false | cart.shop.svc strong",
        "cart.shop.svc.cluster.local:7070         | false | cart.shop.svc.cluster.local:7070 strong",
        "http://catalog.shop:8080/api/v1?x=1      | false | catalog.shop:8080 http strong",
        "https://Catalog/path                     | false | catalog https strong",
        "redis://redis-cart:6379                  | false | redis-cart:6379 redis strong",
        "redis://:s3cret@redis-cart:6379/0        | false | redis-cart:6379 redis strong",
        "jdbc:postgresql://postgres.data:5432/shop?ssl=true | false | postgres.data:5432 postgresql strong",
        "mongodb://m1:27017,m2:27017/db           | false | m1:27017 mongodb strong; m2:27017 strong",
        "'cart:7070,checkout:5050 , email:8080'   | false | cart:7070 strong; checkout:5050 strong; email:8080 strong",
        "--catalog-addr=catalog:3550              | false | catalog:3550 strong",
        "--catalog-addr=catalog                   | false | catalog strong",
        "-Dcatalog.url=http://catalog:3550        | false | catalog:3550 http strong",
        "host:port/path -> shop-api:8080/v1/items | false | shop-api:8080 strong",
        "true                                     | false | ''",
        "false                                    | true  | false strong",
        "8080                                     | true  | ''",
        "/etc/app/config.yaml                     | false | ''",
        "config/app.yaml                          | false | ''",
        "1.2.3                                    | false | ''",
        "v1.2.3                                   | false | v1.2.3 weak",
        "en_US.UTF-8                              | false | ''",
        "12:30                                    | false | ''",
        "2026-11-01T10:00:00Z                     | false | ''",
        "Europe/Berlin                            | false | ''",
        "noreply@shop.example.com                 | false | ''",
        ":8080                                    | true  | ''",
        "0.0.0.0:8080                             | false | ''",
        "localhost:6379                           | false | ''",
        "http://127.0.0.1:9090                    | false | ''",
        "10.1.2.3:5432                            | false | 10.1.2.3:5432 strong",
        "10.1.2.3                                 | false | ''",
        "cart:0                                   | false | ''",
        "cart:99999                               | false | ''",
        "file:///var/run/app.sock                 | false | ''",
        "smtp.sendgrid.net:587                    | false | smtp.sendgrid.net:587 strong",
        "'-Xmx512m -XX:+UseG1GC'                  | false | ''",
        "postgres://u@db.data:5432/x?sslmode=require | true | db.data:5432 postgres strong",
        "jdbc:sqlserver://mssql:1433;databaseName=shop | true | mssql:1433 sqlserver strong",
      })
  void findsAddressesAndNothingElse(String value, boolean addressKey, String expected) {
    assertThat(render(AddressReferences.scan(value, addressKey))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'server.port=8080\ncatalog.url=http://catalog:3550\ncart.host=cartservice\nlog.level=info' | catalog:3550 http strong; cartservice strong",
        "'upstream:\n  host: recommendation\n  name: postgres\n' | recommendation strong",
        "'- target: payments.payments\n- other: words'  | payments.payments strong",
      })
  void readsFilesLineByLineWithEachLinesKey(String value, String expected) {
    assertThat(render(AddressReferences.scan(value, false))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "CART_ADDR, true",
    "CART_SERVICE_ADDR, true",
    "catalog.url, true",
    "--redis-host, true",
    "paymentServiceEndpoint, true",
    "KAFKA_BROKERS, true",
    "DATABASE_DSN, true",
    "SERVICE_NAME, false",
    "LOG_LEVEL, false",
    "PORT, false",
    "HOSTNAME_PREFIX, false",
  })
  void recognisesAddressLikeKeys(String key, boolean expected) {
    assertThat(AddressReferences.isAddressKey(key)).isEqualTo(expected);
  }
}
