package dev.netseg.connectivity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.List;

/**
 * Connectivity lines as CSV: a header {@code src,dst,conn} (and {@code explanation}, the reasons
 * joined by {@code "; "}), then one row per line. Fields are quoted as RFC 4180 says, only where
 * they need it (a comma, a quote, a line break), by Jackson's CSV writer; rows end with {@code \n}.
 */
public final class ConnectivityCsv {
  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

  private final boolean explain;

  /**
   * @param explain add the explanation column
   */
  public ConnectivityCsv(boolean explain) {
    this.explain = explain;
  }

  public String render(List<ConnectivityLine> lines) {
    CsvSchema.Builder schema =
        CsvSchema.builder().addColumn("src").addColumn("dst").addColumn("conn");
    if (explain) {
      schema.addColumn("explanation");
    }
    List<String[]> rows =
        lines.stream()
            .map(
                l ->
                    explain
                        ? new String[] {
                          l.source(),
                          l.destination(),
                          l.connectionsText(),
                          String.join("; ", l.explanation())
                        }
                        : new String[] {l.source(), l.destination(), l.connectionsText()})
            .toList();
    try {
      return MAPPER
          .writer(schema.setUseHeader(true).setLineSeparator("\n").build())
          .writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write CSV: " + e.getMessage(), e);
    }
  }
}
