package dev.netseg.infer;

import static dev.netseg.infer.ConfigApps.app;
import static dev.netseg.infer.ConfigApps.client;
import static dev.netseg.infer.ConfigApps.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.netseg.testing.YamlApp;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A public two-label name is not a Service of a namespace of that name, and the keys of a
 * connection string other than its host are not addresses: neither gives "names no Service" noise.
 */
class PublicNamesAndConnectionStringsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "a public domain",
            "env: [{name: DOCS_URL, value: 'https://example.dev'}]",
            List.of(),
            List.of()),
        Arguments.of(
            "a public domain with a port",
            "env: [{name: API_ADDR, value: 'example.dev:443'}]",
            List.of(),
            List.of()),
        Arguments.of(
            "a two-label name that is a Service",
            "env: [{name: API_URL, value: 'http://sink.shop:4000'}]",
            List.of("shop/client[Deployment] -> shop/sink[Deployment] TCP/4000 [manifest]"),
            List.of()),
        Arguments.of(
            "a two-label name in a namespace of the input, without that Service",
            "env: [{name: API_URL, value: 'http://nosuch.shop:4000'}]",
            List.of(),
            List.of(
                "Deployment shop/client env API_URL: \"http://nosuch.shop:4000\" names no Service"
                    + " of the input (looked for Service shop/nosuch)")),
        Arguments.of(
            "an ADO.NET connection string",
            "env: [{name: ConnectionStrings__Catalog, value: 'Server=sink,4000;Database=catalog;"
                + "User Id=sa;Password=pw;TrustServerCertificate=true'}]",
            List.of("shop/client[Deployment] -> shop/sink[Deployment] TCP/4000 [manifest]"),
            List.of()),
        Arguments.of(
            "an Npgsql connection string",
            "env: [{name: ConnectionStrings__Db, value: 'Host=sink;Port=4000;Database=app;"
                + "Username=app;Password=pw'}]",
            List.of("shop/client[Deployment] -> shop/sink[Deployment] TCP/4000 [manifest]"),
            List.of()),
        Arguments.of(
            "a connection string whose host is outside",
            "env: [{name: DB, value: 'Data Source=tcp:db.example.com,1433;Initial Catalog=x;"
                + "User ID=u;Password=pw'}]",
            List.of(),
            List.of(
                "Deployment shop/client env DB: \"tcp:db.example.com,1433\" names no Service of the"
                    + " input (an outside host: allow its addresses with a CIDR entry)")),
        Arguments.of(
            "key=value settings that name no host",
            "env: [{name: LOG_SETTINGS, value: 'level=info;format=json;output=stdout'}]",
            List.of(),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void onlyHostsAreAddresses(String what, String env, List<String> flows, List<String> findings) {
    YamlApp app = app(client(env), server("sink", 4000));
    assertThat(app.flows()).as(what).isEqualTo(flows);
    assertThat(app.findings()).as(what).isEqualTo(findings);
  }
}
