package app.lumen.app

import android.app.Application

/** The process-wide owner of app singletons (database, engine connection) as they arrive. */
class LumenApplication : Application()
