package io.pryv.sample.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import io.pryv.spring.boot.test.SimulatedStream;
import io.pryv.spring.boot.test.SimulatedUser;

/**
 * The plausible health data every account of the demo platform starts with:
 * a day of hourly heart rates, five days of weights and three diary notes, in
 * the streams the sample app asks for (Heart &gt; Heart rate, Body &gt; Weight,
 * Diary). The values depend on the username only.
 */
final class DemoData {

	private DemoData() {
	}

	static void seed(SimulatedUser user) {
		Instant now = Instant.now();
		Random random = new Random(user.username().hashCode());
		SimulatedStream heartRate = user.stream("heart", "Heart").child("heart-rate", "Heart rate");
		for (int hour = 0; hour < 24; hour++) {
			heartRate.event("frequency/bpm", 58 + random.nextInt(40), now.minus(Duration.ofMinutes(hour * 60L + 10)));
		}
		SimulatedStream weight = user.stream("body", "Body").child("weight", "Weight");
		for (int day = 0; day < 5; day++) {
			weight.event("mass/kg", Math.round((71 + random.nextGaussian()) * 10) / 10.0,
					now.minus(Duration.ofHours(day * 24L + 2)));
		}
		SimulatedStream diary = user.stream("diary", "Diary");
		String[] notes = { "Slept well, 8 hours", "Morning run, 5 km", "Felt a bit dizzy after lunch" };
		for (int i = 0; i < notes.length; i++) {
			diary.event("note/txt", notes[i], now.minus(Duration.ofHours(i * 24L + 3)));
		}
	}

}
