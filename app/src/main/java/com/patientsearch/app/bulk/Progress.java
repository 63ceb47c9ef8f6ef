package com.patientsearch.app.bulk;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/** A terminal progress bar, or nothing (tests, scripted runs). */
public interface Progress extends AutoCloseable {

    void stepTo(long done);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override
        public void stepTo(long done) {
        }

        @Override
        public void close() {
        }
    };

    static Progress bar(String task, long max, String unit, long unitSize) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, unitSize)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(110)
                .showSpeed(new java.text.DecimalFormat("#,##0.0"))
                .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
                .build();
        return new Progress() {
            @Override
            public void stepTo(long done) {
                bar.stepTo(done);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    static String rate(long rows, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        return String.format(java.util.Locale.ROOT, "%,.0f rows/s", rows / seconds);
    }
}
