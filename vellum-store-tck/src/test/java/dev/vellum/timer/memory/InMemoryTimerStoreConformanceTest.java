package dev.vellum.timer.memory;

import dev.vellum.timer.TimerStore;
import dev.vellum.timer.tck.TimerStoreConformanceSuite;
import java.nio.file.Path;

class InMemoryTimerStoreConformanceTest extends TimerStoreConformanceSuite {

    @Override
    protected TimerStore openTimerStore(Path directory) {
        return new InMemoryTimerStore();
    }
}
