package dev.netseg.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest; "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = NetsegMain.class.getPackage().getImplementationVersion();
    return new String[] {"netseg " + (version == null ? "dev" : version)};
  }
}
