package io.pryv.client;

import java.io.Serializable;

/**
 * What a Pryv platform supports, read from the {@code features} of its service info.
 *
 * @param supportsHF whether high-frequency series are available ({@code false}
 * when the platform says {@code noHF: true})
 * @param supportsContentQueries whether event content conditions can be queried
 * ({@code contentQueries: true})
 */
public record ServiceFeatures(boolean supportsHF, boolean supportsContentQueries) implements Serializable {
}
