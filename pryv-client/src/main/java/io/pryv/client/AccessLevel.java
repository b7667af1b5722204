package io.pryv.client;

import java.util.Arrays;
import java.util.List;

/**
 * The access levels a Pryv platform grants on a stream, from the narrowest
 * ({@link #CREATE_ONLY}) to the widest ({@link #MANAGE}). {@link #value()} is
 * the level as the platform writes it ({@code create-only}).
 */
public enum AccessLevel {

	/** Read the stream, its children and their events. */
	READ("read"),

	/** Read, and create, update and delete events in the stream. */
	CONTRIBUTE("contribute"),

	/** Contribute, and create, update and delete the stream and its children. */
	MANAGE("manage"),

	/** Create events in the stream, without reading any. */
	CREATE_ONLY("create-only");

	private final String value;

	AccessLevel(String value) {
		this.value = value;
	}

	/** @return the level as the platform writes it, e.g. {@code create-only} */
	public String value() {
		return this.value;
	}

	/** @return every level as the platform writes it: read, contribute, manage, create-only */
	public static List<String> platformValues() {
		return Arrays.stream(values()).map(AccessLevel::value).toList();
	}

	/**
	 * @param value a level as the platform writes it, e.g. {@code create-only}
	 * @return the level
	 * @throws PryvClientException if the platform knows no such level
	 */
	public static AccessLevel fromValue(String value) {
		for (AccessLevel level : values()) {
			if (level.value.equals(value)) {
				return level;
			}
		}
		throw new PryvClientException("Invalid access level '" + value + "': expected one of " + platformValues());
	}

}
