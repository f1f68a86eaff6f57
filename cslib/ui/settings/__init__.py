"""Settings tabs for admins (SPEC §5): users and teams, the workspace, pipelines and their
stages, custom objects and properties, and the system status. The health score profiles
have their own package, `cslib.ui.health`.

Modules: workspace, users, pipelines, objects, system; each offers one `render(actor)`.
"""

from cslib.ui.settings.objects import render as render_objects
from cslib.ui.settings.pipelines import render as render_pipelines
from cslib.ui.settings.system import render as render_system
from cslib.ui.settings.users import render as render_users
from cslib.ui.settings.workspace import render as render_workspace

__all__ = ["render_objects", "render_pipelines", "render_system", "render_users", "render_workspace"]
