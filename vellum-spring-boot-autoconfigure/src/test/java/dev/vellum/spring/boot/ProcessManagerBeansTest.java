package dev.vellum.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.decider.CommandHandler;
import dev.vellum.decider.CommandMetadata;
import dev.vellum.examples.points.Assignment;
import dev.vellum.examples.points.PointsAssignment;
import dev.vellum.examples.points.Project;
import dev.vellum.examples.points.Task;
import dev.vellum.process.CommandRouter;
import dev.vellum.process.ProcessManager;
import dev.vellum.spring.boot.autoconfigure.VellumAutoConfiguration;
import dev.vellum.store.EventStore;
import dev.vellum.store.LogFilter;
import dev.vellum.store.Position;
import dev.vellum.store.RecordedEvent;
import dev.vellum.store.StreamId;
import dev.vellum.worker.WorkerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A process manager declared as a bean runs with the context, sending its commands through the
 * application's {@code CommandRouter} bean (the points assignment of vellum-examples); without a
 * router the context refuses to start.
 */
class ProcessManagerBeansTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VellumAutoConfiguration.class))
                .withPropertyValues("vellum.sqlite.path=" + dir.resolve("vellum.db"))
                .withUserConfiguration(Points.class);
    }

    @Test
    void aProcessManagerBeanRunsAndSendsItsCommandsThroughTheRouter() {
        runner().withUserConfiguration(Router.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(WorkerRegistry.class).find("process.pointsassignment")).isPresent();
            CommandHandler<Project.Command, Project, Project.Event> projects = handler(context, "projects");
            CommandHandler<Task.Command, Task, Task.Event> tasks = handler(context, "tasks");
            projects.handle(StreamId.of("project", "apollo"), new Project.Command.Create(100));
            tasks.handle(StreamId.of("task", "t1"), new Task.Command.Open());
            projects.handle(StreamId.of("project", "apollo"), new Project.Command.ReservePoints("a1", "t1", 30),
                    CommandMetadata.of("assign-a1").withCorrelationId("a1"));

            EventStore store = context.getBean(EventStore.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (types(store).size() < 2) {
                assertThat(System.nanoTime()).as("the assignment ended within 20 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(types(store)).containsExactly("AssignmentStarted", "AssignmentCompleted");
            assertThat(tasks.load(StreamId.of("task", "t1")).state().points()).isEqualTo(30);
        });
    }

    @Test
    void withoutACommandRouterTheContextRefusesToStartAndSaysWhatToDeclare() {
        runner().run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(VellumConfigurationException.class)
                    .hasMessageContaining("pointsassignment").hasMessageContaining("CommandRouter");
        });
    }

    @SuppressWarnings("unchecked")
    private static <C, S, E> CommandHandler<C, S, E> handler(ApplicationContext context, String name) {
        return (CommandHandler<C, S, E>) context.getBean(name, CommandHandler.class);
    }

    private static List<String> types(EventStore store) {
        return store.readAll(Position.START, LogFilter.categories("pointsassignment"), 100).stream()
                .map(RecordedEvent::type).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class Points {
        @Bean
        CommandHandler<Project.Command, Project, Project.Event> projects(EventStore store) {
            return CommandHandler.builder(store, PointsAssignment.TYPES, Project.Event.class, Project.DECIDER).build();
        }

        @Bean
        CommandHandler<Task.Command, Task, Task.Event> tasks(EventStore store) {
            return CommandHandler.builder(store, PointsAssignment.TYPES, Task.Event.class, Task.DECIDER).build();
        }

        @Bean
        ProcessManager<Assignment, Assignment.Event> pointsAssignment() {
            return PointsAssignment.processManager();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Router {
        @Bean
        CommandRouter router(CommandHandler<Project.Command, Project, Project.Event> projects,
                CommandHandler<Task.Command, Task, Task.Event> tasks) {
            return CommandRouter.builder().route(Project.Command.class, projects).route(Task.Command.class, tasks).build();
        }
    }
}
