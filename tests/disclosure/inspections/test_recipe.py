"""The stand-alone recipe: at most 30 lines, standard library only, and the same result as
run_draw on the golden bundle and on random ones."""

import ast
import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings

from disclosure.inspections.draw_rules import ALGORITHM_VERSION, run_draw
from disclosure.inspections.recipe import RECIPE, run_recipe

from .test_draw_rules import GOLDEN_BUNDLE, GOLDEN_RESULT, bundles


def recipe_output(tmp_path, bundle, name="bundle.json"):
    path = tmp_path / name
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-c", RECIPE, str(path)],
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout)


def test_the_recipe_is_short_and_stands_alone():
    assert len(RECIPE.splitlines()) <= 30
    tree = ast.parse(RECIPE)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    assert imported == {"hashlib", "json", "sys"}
    assert not any(isinstance(node, ast.ImportFrom) for node in ast.walk(tree))
    assert f'"{ALGORITHM_VERSION}"' in RECIPE


def test_the_recipe_reproduces_the_golden_result(tmp_path):
    assert recipe_output(tmp_path, GOLDEN_BUNDLE) == GOLDEN_RESULT == run_draw(GOLDEN_BUNDLE)
    assert json.loads(run_recipe(tmp_path / "bundle.json")) == GOLDEN_RESULT


def test_the_recipe_applies_the_defaults(tmp_path):
    bundle = {k: v for k, v in GOLDEN_BUNDLE.items()
              if k not in ("commitment", "per_inspection")}
    bundle["strata"] = [{k: v for k, v in s.items() if k != "minimum"}
                        for s in GOLDEN_BUNDLE["strata"]]
    assert recipe_output(tmp_path, bundle) == run_draw(bundle)


def test_the_recipe_refuses_a_wrong_commitment(tmp_path):
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(dict(GOLDEN_BUNDLE, commitment="0" * 64)), encoding="utf-8")
    completed = subprocess.run([sys.executable, "-c", RECIPE, str(path)],
                               capture_output=True, text=True)
    assert completed.returncode != 0 and "commitment differs" in completed.stderr


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bundles)
def test_the_recipe_agrees_with_run_draw_on_random_bundles(tmp_path, bundle):
    assert recipe_output(tmp_path, bundle) == run_draw(bundle)
