package io.pryv.client;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The summary of a streamed {@code events.get}, once every event was handed
 * over: counts, {@code meta}, and whatever other keys the answer had.
 *
 * @param eventsCount how many events were handed over
 * @param eventDeletionsCount how many event deletions were handed over;
 * {@code null} when they were not asked for and the answer had none (0 when
 * asked for and the answer had no {@code eventDeletions} key: lib-js fails then)
 * @param meta the answer's {@code meta} ({@code apiVersion}, {@code serverTime},
 * {@code serial}), or {@code null} if it had none
 * @param others the other root keys of the answer, in their order (never {@code events},
 * {@code eventDeletions} or {@code meta})
 */
public record EventsStreamResult(long eventsCount, @Nullable Long eventDeletionsCount, @Nullable JsonNode meta,
		Map<String, JsonNode> others) {

	/** Copies {@code others}. */
	public EventsStreamResult {
		others = (others == null) ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(others));
	}

}
