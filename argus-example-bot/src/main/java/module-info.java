/** A small JDA bot instrumented with one line; runs on the module path. */
module argus.example.bot {
    requires argus.core;
    requires net.dv8tion.jda;
    requires org.slf4j;
    requires static osgi.annotation;

    exports argus.example.bot;
}
