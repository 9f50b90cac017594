package dev.netseg.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.PrintWriter;

/** Prints a document as indented JSON or YAML, leaving out absent values. */
final class MachineOutput {
  private MachineOutput() {}

  static void print(PrintWriter out, OutputFormat format, Object document) {
    ObjectMapper mapper =
        format == OutputFormat.YAML ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
    mapper
        .enable(SerializationFeature.INDENT_OUTPUT)
        .setDefaultPropertyInclusion(
            JsonInclude.Value.construct(
                JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));
    try {
      out.println(mapper.writeValueAsString(document));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render output: " + e.getMessage(), e);
    }
  }
}
