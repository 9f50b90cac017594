package dev.netseg.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One chunk of the edges netseg learned for a profile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LearnedEdgesSpec {
  @Required
  @JsonPropertyDescription(
      "Name of the SegmentationProfile (same namespace) these edges belong to.")
  private String profile;

  @Required
  @JsonPropertyDescription(
      "Identifies one complete write of all chunks; a reader uses only the chunks of the newest"
          + " complete epoch.")
  private String epoch;

  @Required
  @Min(0)
  @JsonPropertyDescription("Index of this chunk, from 0.")
  private Integer chunk;

  @Required
  @Min(1)
  @JsonPropertyDescription("Number of chunks in this epoch.")
  private Integer chunks;

  @Required
  @JsonPropertyDescription(
      "Base64 of gzip-compressed, versioned edge records (see docs/flows.md); not for editing.")
  private String data;

  public String getProfile() {
    return profile;
  }

  public void setProfile(String profile) {
    this.profile = profile;
  }

  public String getEpoch() {
    return epoch;
  }

  public void setEpoch(String epoch) {
    this.epoch = epoch;
  }

  public Integer getChunk() {
    return chunk;
  }

  public void setChunk(Integer chunk) {
    this.chunk = chunk;
  }

  public Integer getChunks() {
    return chunks;
  }

  public void setChunks(Integer chunks) {
    this.chunks = chunks;
  }

  public String getData() {
    return data;
  }

  public void setData(String data) {
    this.data = data;
  }
}
