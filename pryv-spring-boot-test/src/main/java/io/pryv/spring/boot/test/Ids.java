package io.pryv.spring.boot.test;

import java.math.BigDecimal;
import java.security.SecureRandom;

/** Random ids and tokens, and times written as the platform writes them. */
final class Ids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private Ids() {
	}

	/** @return a random id of lowercase letters and digits, as the platform's cuids */
	static String random(int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return id.toString();
	}

	/** @return a 16-character auth request key (letters, digits, {@code _}), as the register's */
	static String authKey() {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
		StringBuilder key = new StringBuilder(16);
		for (int i = 0; i < 16; i++) {
			key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
		}
		return key.toString();
	}

	/** Seconds with millisecond precision, as the platform writes them (1795681882.584, not 1.7E9). */
	static BigDecimal seconds(double seconds) {
		return BigDecimal.valueOf(Math.round(seconds * 1000)).movePointLeft(3);
	}

}
