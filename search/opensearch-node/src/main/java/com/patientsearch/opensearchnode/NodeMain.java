package com.patientsearch.opensearchnode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Runs a single-node OpenSearch cluster until its standard input closes, which is how the test JVM that started it
 * stops it: even a test JVM killed outright closes the pipe, so no node outlives its tests.
 * Arguments: home directory, HTTP port, transport port.
 */
public final class NodeMain {

    /** HTTP and transport. The runner skips a module it cannot load, but without this one the node cannot start. */
    private static final String MODULES = "org.opensearch.transport.Netty4Plugin";

    /**
     * What a distribution ships as modules and Hibernate Search needs: analysis-common for the analyzers
     * (edge_ngram, asciifolding...), reindex for the mass indexer's purge (_delete_by_query); plus the phonetic
     * filter a production cluster gets from the analysis-phonetic plugin. As plugins because the runner fails on a
     * plugin it cannot load.
     */
    private static final String PLUGINS = String.join(",",
            "org.opensearch.analysis.common.CommonAnalysisPlugin",
            "org.opensearch.index.mapper.MapperExtrasPlugin",
            "org.opensearch.index.reindex.ReindexPlugin",
            PhoneticAnalysisPlugin.class.getName());

    private NodeMain() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[0]);
        String httpPort = args[1];
        String transportPort = args[2];
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.onBuild((number, settings) -> settings
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", transportPort)
                // A shared test machine's disk can be fuller than the default watermarks allow.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.destructive_requires_name", false));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(runner)));
        runner.build(OpenSearchRunner.newConfigs()
                .basePath(home.toString())
                .numOfNode(1)
                .clusterName("patient-search-test")
                .moduleTypes(MODULES)
                .pluginTypes(PLUGINS));
        System.in.transferTo(OutputStream.nullOutputStream());
        close(runner);
        System.exit(0);
    }

    private static void close(OpenSearchRunner runner) {
        try {
            if (!runner.isClosed()) {
                runner.close();
            }
        } catch (IOException e) {
            e.printStackTrace();
        }
    }
}
