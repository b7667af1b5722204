package io.pryv.benchmarks.startup;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.StartupStep;

/**
 * A minimal Spring Boot web application (Spring MVC on Tomcat), started once:
 * prints one JSON line, {@code {"readyMs": N, "cpuMs": N, "pryvBeans": N}}, the time from
 * the JVM's start to the application being ready, the CPU time it took, and how many beans of ours
 * it has (none when the starter is not on the classpath), then exits.
 * {@link StartupRunner} runs it with and without the starter.
 */
@SpringBootApplication
public class StartupMain {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StartupMain.class);
		BufferingApplicationStartup steps = Boolean.getBoolean("bench.startup.steps")
				? new BufferingApplicationStartup(100_000) : null;
		if (steps != null) {
			application.setApplicationStartup(steps);
		}
		ConfigurableApplicationContext context = application.run(args);
		long readyMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		long pryvBeans = Arrays.stream(context.getBeanDefinitionNames()).filter((name) -> name.startsWith("pryv")).count();
		// CPU time to ready (all threads: JIT and GC included): less swayed than wall time by a shared machine
		long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
		System.out.println("{\"readyMs\": " + readyMs + ", \"cpuMs\": " + cpuMs + ", \"pryvBeans\": " + pryvBeans + "}");
		if (steps != null) {
			printSlowestBeans(steps);
			printPhases(steps);
		}
		context.close();
		System.exit(0);
	}

	/** On stderr: the startup's phases (steps other than bean creations) that took 5 ms or more. */
	private static void printPhases(BufferingApplicationStartup steps) {
		steps.getBufferedTimeline()
			.getEvents()
			.stream()
			.filter((event) -> !event.getStartupStep().getName().equals("spring.beans.instantiate"))
			.filter((event) -> event.getDuration().toMillis() >= 5)
			.forEach((event) -> System.err.println(
					"phase " + event.getDuration().toMillis() + " ms " + event.getStartupStep().getName()));
	}

	/** On stderr: the beans that took longest to create (their dependencies' time included). */
	private static void printSlowestBeans(BufferingApplicationStartup steps) {
		steps.getBufferedTimeline()
			.getEvents()
			.stream()
			.filter((event) -> event.getStartupStep().getName().equals("spring.beans.instantiate"))
			.sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
			.limit(25)
			.forEach((event) -> {
				String bean = "?";
				for (StartupStep.Tag tag : event.getStartupStep().getTags()) {
					if (tag.getKey().equals("beanName")) {
						bean = tag.getValue();
					}
				}
				System.err.println(event.getDuration().toMillis() + " ms " + bean);
			});
	}

}
