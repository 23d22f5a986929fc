<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AuditLinesModel</name>
    <message>
        <source>Item</source>
        <translation>Позиция</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Участок</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Улица</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Programme</source>
        <translation>Программа</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Вывод</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>AuditPanel</name>
    <message>
        <source>All budget lines</source>
        <translation>Все строки бюджета</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <source>Budget: %1 %2 in %3 lines
Redirectable (LED on lit, working streets): %4 %2 (%5 %)
Survey first: %6 %2   Inconsistent: %7 %2</source>
        <translation>Бюджет: %1 %2, строк: %3
Можно перенаправить (LED на освещённых исправных улицах): %4 %2 (%5 %)
Сначала обследовать: %6 %2   Противоречия: %7 %2</translation>
    </message>
</context>
<context>
    <name>DistrictAuditModel</name>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Бюджет</translation>
    </message>
    <message>
        <source>Redirectable</source>
        <translation>Можно перенаправить</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
</context>
<context>
    <name>ImportMappingDialog</name>
    <message>
        <source>Import city GIS layers and poles</source>
        <translation>Импорт слоёв ГИС города и опор</translation>
    </message>
    <message>
        <source>Street layer</source>
        <translation>Слой улиц</translation>
    </message>
    <message>
        <source>Value mappings:</source>
        <translation>Соответствие значений:</translation>
    </message>
    <message>
        <source>name to save these mappings under (optional)</source>
        <translation>имя, под которым сохранить эти соответствия (необязательно)</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Набор настроек:</translation>
    </message>
    <message>
        <source>Save as preset:</source>
        <translation>Сохранить как набор:</translation>
    </message>
    <message>
        <source>Choose a street layer.</source>
        <translation>Выберите слой улиц.</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <source>Attribute</source>
        <translation>Атрибут</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Apply survey</source>
        <translation>Применить обследование</translation>
    </message>
    <message>
        <source>Correct the survey</source>
        <translation>Исправить данные обследования</translation>
    </message>
    <message>
        <source>Lit</source>
        <translation>Освещение</translation>
    </message>
    <message>
        <source>Lamp</source>
        <translation>Лампы</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Lock in</source>
        <translation>Включить в план</translation>
    </message>
    <message>
        <source>Lock out</source>
        <translation>Исключить из плана</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Снять решение</translation>
    </message>
    <message>
        <source>Manual decision</source>
        <translation>Ручное решение</translation>
    </message>
    <message>
        <source>No segment selected — click a street on the map.</source>
        <translation>Участок не выбран — щёлкните улицу на карте.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Lamps</source>
        <translation>Светильников</translation>
    </message>
    <message>
        <source>Watts</source>
        <translation>Мощность, Вт</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Жителей</translation>
    </message>
    <message>
        <source>Length, m</source>
        <translation>Длина, м</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Budget line %1</source>
        <translation>Строка бюджета %1</translation>
    </message>
    <message>
        <source> (the plan is out of date: re-run it)</source>
        <translation> (план устарел: пересчитайте его)</translation>
    </message>
    <message>
        <source>In the plan</source>
        <translation>В плане</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>стоимость</translation>
    </message>
    <message>
        <source>benefit</source>
        <translation>польза</translation>
    </message>
    <message>
        <source>luminaires</source>
        <translation>светильников</translation>
    </message>
    <message>
        <source>, new feeder</source>
        <translation>, новая питающая линия</translation>
    </message>
    <message>
        <source>Not in the current plan.</source>
        <translation>Не входит в текущий план.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>redirectable</source>
        <translation>можно перенаправить</translation>
    </message>
    <message>
        <source>keep</source>
        <translation>оставить</translation>
    </message>
    <message>
        <source>inconsistent</source>
        <translation>противоречие</translation>
    </message>
    <message>
        <source>survey first</source>
        <translation>сначала обследовать</translation>
    </message>
    <message>
        <source>lit</source>
        <translation>освещён</translation>
    </message>
    <message>
        <source>unlit</source>
        <translation>не освещён</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>неизвестно</translation>
    </message>
    <message>
        <source>sodium</source>
        <translation>натриевые</translation>
    </message>
    <message>
        <source>LED</source>
        <translation>светодиодные</translation>
    </message>
    <message>
        <source>metal halide</source>
        <translation>металлогалогенные</translation>
    </message>
    <message>
        <source>mercury</source>
        <translation>ртутные</translation>
    </message>
    <message>
        <source>fluorescent</source>
        <translation>люминесцентные</translation>
    </message>
    <message>
        <source>incandescent</source>
        <translation>накаливания</translation>
    </message>
    <message>
        <source>other</source>
        <translation>другие</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>working</source>
        <translation>исправно</translation>
    </message>
    <message>
        <source>failing</source>
        <translation>неисправно</translation>
    </message>
    <message>
        <source>street</source>
        <translation>улица</translation>
    </message>
    <message>
        <source>courtyard</source>
        <translation>двор</translation>
    </message>
    <message>
        <source>footpath</source>
        <translation>пешеходная дорожка</translation>
    </message>
    <message>
        <source>LED retrofit</source>
        <translation>замена на LED</translation>
    </message>
    <message>
        <source>new lighting</source>
        <translation>новое освещение</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>ремонт</translation>
    </message>
    <message>
        <source>locked in</source>
        <translation>включён в план</translation>
    </message>
    <message>
        <source>locked out</source>
        <translation>исключён из плана</translation>
    </message>
    <message>
        <source>optimal</source>
        <translation>оптимальный</translation>
    </message>
    <message>
        <source>feasible</source>
        <translation>допустимый</translation>
    </message>
    <message>
        <source>infeasible</source>
        <translation>недопустимый</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>пустой</translation>
    </message>
    <message>
        <source>Latest run</source>
        <extracomment>Shown for the scenario the latest plan run is kept under (``document.LATEST_SCENARIO``).</extracomment>
        <translation>Последний расчёт</translation>
    </message>
</context>
<context>
    <name>LayersPanel</name>
    <message>
        <source>Lighting status</source>
        <translation>Освещение</translation>
    </message>
    <message>
        <source>Budget and plan</source>
        <translation>Бюджет и план</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Окружение</translation>
    </message>
    <message>
        <source>Unknown is not unlit: it needs a survey.</source>
        <translation>Неизвестно — не значит темно: нужно обследование.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Find a street by name…</source>
        <extracomment>half the side of the box zoomed to for a facility or courtyard found, metres</extracomment>
        <translation>Найти улицу по названию…</translation>
    </message>
    <message>
        <source>Layers and legend</source>
        <extracomment>Languages the printed plan comes in (each named in itself).</extracomment>
        <translation>Слои и легенда</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Аудит</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Свойства</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>План</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Сценарии</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <extracomment>Menus in menu-bar order: key -&gt; label.</extracomment>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;План</translation>
    </message>
    <message>
        <source>&amp;New synthetic city…</source>
        <translation>&amp;Новый условный город…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Открыть…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Недавние</translation>
    </message>
    <message>
        <source>&amp;Import map layers and budget…</source>
        <translation>&amp;Импорт слоёв карты и бюджета…</translation>
    </message>
    <message>
        <source>Import city GIS layers and &amp;poles…</source>
        <translation>Импорт слоёв ГИС города и &amp;опор…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Сохранить</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Сохранить &amp;как…</translation>
    </message>
    <message>
        <source>Export &amp;GeoJSON…</source>
        <translation>Экспорт в &amp;GeoJSON…</translation>
    </message>
    <message>
        <source>Export budget &amp;CSV…</source>
        <translation>Экспорт бюджета в &amp;CSV…</translation>
    </message>
    <message>
        <source>Report &amp;language</source>
        <translation>&amp;Язык отчёта</translation>
    </message>
    <message>
        <source>Print Pre&amp;view…</source>
        <translation>Пред&amp;варительный просмотр…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Печать…</translation>
    </message>
    <message>
        <source>Export P&amp;DF…</source>
        <translation>Экспорт в P&amp;DF…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <extracomment>Shares of the window&apos;s width the two panel columns get by default (the map gets the rest).</extracomment>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <source>Lock &amp;in</source>
        <translation>&amp;Включить в план</translation>
    </message>
    <message>
        <source>Lock &amp;out</source>
        <translation>И&amp;сключить из плана</translation>
    </message>
    <message>
        <source>&amp;Release lock</source>
        <translation>&amp;Снять решение</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Увеличить</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>&amp;Уменьшить</translation>
    </message>
    <message>
        <source>&amp;Fit the map</source>
        <translation>&amp;Вся карта</translation>
    </message>
    <message>
        <source>Find a &amp;street…</source>
        <translation>Найти &amp;улицу…</translation>
    </message>
    <message>
        <source>Map &amp;layers</source>
        <translation>&amp;Слои карты</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>&amp;Панели</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;Run the plan</source>
        <translation>&amp;Рассчитать план</translation>
    </message>
    <message>
        <source>Save the plan as a &amp;scenario…</source>
        <translation>Сохранить план как &amp;сценарий…</translation>
    </message>
    <message>
        <source>&amp;About lighting_planner</source>
        <translation>&amp;О программе lighting_planner</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Сначала откройте проект.</translation>
    </message>
    <message>
        <source>Run the plan first.</source>
        <translation>Сначала рассчитайте план.</translation>
    </message>
    <message>
        <source>%1 km</source>
        <translation>%1 км</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>не найдено</translation>
    </message>
    <message>
        <source>Select a segment first.</source>
        <translation>Сначала выберите участок.</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>Открытие %1</translation>
    </message>
    <message>
        <source>Open a project</source>
        <translation>Открыть проект</translation>
    </message>
    <message>
        <source>Projects (*.gpkg);;All files (*)</source>
        <translation>Проекты (*.gpkg);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Import map layers and a budget</source>
        <translation>Импорт слоёв карты и бюджета</translation>
    </message>
    <message>
        <source>New synthetic city</source>
        <translation>Новый условный город</translation>
    </message>
    <message>
        <source>Street segments:</source>
        <translation>Участков улиц:</translation>
    </message>
    <message>
        <source>Generating</source>
        <translation>Создание</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>Сохранить проект</translation>
    </message>
    <message>
        <source>Projects (*.gpkg)</source>
        <translation>Проекты (*.gpkg)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Не удалось сохранить %1: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>Export GeoJSON</source>
        <translation>Экспорт в GeoJSON</translation>
    </message>
    <message>
        <source>Export budget CSV</source>
        <translation>Экспорт бюджета в CSV</translation>
    </message>
    <message>
        <source>Preparing the report</source>
        <translation>Подготовка отчёта</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>Предварительный просмотр</translation>
    </message>
    <message>
        <source>The report could not be made: %1</source>
        <translation>Не удалось подготовить отчёт: %1</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Экспорт в PDF</translation>
    </message>
    <message>
        <source>Writing the report</source>
        <translation>Запись отчёта</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Записано: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(нет)</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>Автосохранение не удалось: %1</translation>
    </message>
    <message>
        <source>Restored unsaved work from %1</source>
        <translation>Несохранённая работа восстановлена из %1</translation>
    </message>
    <message>
        <source>Restoring</source>
        <translation>Восстановление</translation>
    </message>
    <message>
        <source>lighting_planner stopped with unsaved work on this project.
Restore it from the recovery file %1?</source>
        <translation>lighting_planner завершился, не сохранив работу над этим проектом.
Восстановить её из файла %1?</translation>
    </message>
    <message>
        <source>%1 has unsaved changes.</source>
        <translation>В %1 есть несохранённые изменения.</translation>
    </message>
    <message>
        <source>Save them before closing?</source>
        <translation>Сохранить их перед закрытием?</translation>
    </message>
    <message>
        <source>About lighting_planner</source>
        <translation>О программе lighting_planner</translation>
    </message>
    <message>
        <source>Finds LED-retrofit money spent on streets already lit and working, and plans how to redirect it to unlit courtyards and outskirts streets.</source>
        <translation>Находит деньги на замену ламп на LED на улицах, которые уже освещены и исправны, и планирует, как направить их в неосвещённые дворы и улицы окраин.</translation>
    </message>
    <message>
        <source>Map data imported from OpenStreetMap: © OpenStreetMap contributors, under the Open Database License (ODbL); extracts published before 12 September 2012 under CC BY-SA 2.0.</source>
        <translation>Данные карты из OpenStreetMap: © участники OpenStreetMap, по лицензии Open Database License (ODbL); выгрузки, опубликованные до 12 сентября 2012 г., — по CC BY-SA 2.0.</translation>
    </message>
    <message>
        <source>Built with Qt (PySide6), shapely, pyproj, networkx, scipy/HiGHS and pyosmium.</source>
        <translation>Сделано на Qt (PySide6), shapely, pyproj, networkx, scipy/HiGHS и pyosmium.</translation>
    </message>
    <message>
        <source>This project&apos;s data: %1</source>
        <translation>Данные этого проекта: %1</translation>
    </message>
    <message>
        <source>Data date: %1</source>
        <translation>Дата данных: %1</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <source>%1 km</source>
        <translation>%1 км</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 м</translation>
    </message>
</context>
<context>
    <name>MapLayers</name>
    <message>
        <source>LED</source>
        <translation>Светодиодные (LED)</translation>
    </message>
    <message>
        <source>Sodium (yellow)</source>
        <translation>Натриевые («жёлтые»)</translation>
    </message>
    <message>
        <source>Other lamps</source>
        <translation>Другие лампы</translation>
    </message>
    <message>
        <source>Unlit</source>
        <translation>Не освещено</translation>
    </message>
    <message>
        <source>Unknown (survey)</source>
        <translation>Неизвестно (обследовать)</translation>
    </message>
    <message>
        <source>Redirectable LED budget</source>
        <translation>Бюджет LED, который можно перенаправить</translation>
    </message>
    <message>
        <source>Planned new lighting</source>
        <translation>Новое освещение по плану</translation>
    </message>
    <message>
        <source>Locked out of the plan</source>
        <translation>Исключено из плана</translation>
    </message>
    <message>
        <source>District boundaries</source>
        <translation>Границы районов</translation>
    </message>
    <message>
        <source>Facilities</source>
        <translation>Объекты</translation>
    </message>
    <message>
        <source>School</source>
        <translation>Школа</translation>
    </message>
    <message>
        <source>Kindergarten</source>
        <translation>Детский сад</translation>
    </message>
    <message>
        <source>Clinic</source>
        <translation>Поликлиника</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>Больница</translation>
    </message>
    <message>
        <source>Bus stop</source>
        <translation>Остановка</translation>
    </message>
    <message>
        <source>Other facility</source>
        <translation>Другой объект</translation>
    </message>
</context>
<context>
    <name>ParametersModel</name>
    <message>
        <source>Parameter</source>
        <extracomment>The units of the planning parameters (core.parameters), marked for the catalogue.</extracomment>
        <translation>Параметр</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Единица</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>По умолчанию</translation>
    </message>
</context>
<context>
    <name>PlanDistrictsModel</name>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Потрачено</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
    <message>
        <source>Works</source>
        <translation>Работ</translation>
    </message>
    <message>
        <source>Coverage before</source>
        <translation>Освещённость до</translation>
    </message>
    <message>
        <source>Coverage after</source>
        <translation>Освещённость после</translation>
    </message>
    <message>
        <source>Residents served</source>
        <translation>Жителей охвачено</translation>
    </message>
</context>
<context>
    <name>PlanPanel</name>
    <message>
        <source>Segments of unknown status may be chosen</source>
        <translation>Можно выбирать участки с неизвестным освещением</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Floor, %</source>
        <translation>Минимум, %</translation>
    </message>
    <message>
        <source>Cap, %</source>
        <translation>Максимум, %</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Бюджет</translation>
    </message>
    <message>
        <source>District shares of the money spent (blank = no rule):</source>
        <translation>Доли районов в потраченных деньгах (пусто — без ограничения):</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Рассчитать</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Save as scenario…</source>
        <translation>Сохранить как сценарий…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Costs and weights</source>
        <translation>Цены и веса</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>%1 of %2 is not a number: %3</source>
        <translation>%1 для района %2 — не число: %3</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Минимум</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>Максимум</translation>
    </message>
    <message>
        <source>%1 of %2 must be between 0 and 100 %</source>
        <translation>%1 для района %2 должен быть от 0 до 100 %</translation>
    </message>
    <message>
        <source>the redirectable total (%1 %2), or:</source>
        <translation>вся сумма для перенаправления (%1 %2), или:</translation>
    </message>
    <message>
        <source>Planning…</source>
        <translation>Расчёт плана…</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>Расчёт плана</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Отменено.</translation>
    </message>
    <message>
        <source>No plan yet: set the budget and press Run.</source>
        <translation>Плана ещё нет: задайте бюджет и нажмите «Рассчитать».</translation>
    </message>
    <message>
        <source>The data changed since this plan was made: run it again.</source>
        <translation>Данные изменились после расчёта плана: пересчитайте его.</translation>
    </message>
    <message>
        <source>Plan %1</source>
        <translation>План %1</translation>
    </message>
    <message>
        <source>Save as scenario</source>
        <translation>Сохранить как сценарий</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Название:</translation>
    </message>
</context>
<context>
    <name>PlanWorksModel</name>
    <message>
        <source>Segment</source>
        <translation>Участок</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Тип</translation>
    </message>
    <message>
        <source>District</source>
        <translation>Район</translation>
    </message>
    <message>
        <source>Length, m</source>
        <translation>Длина, м</translation>
    </message>
    <message>
        <source>Luminaires</source>
        <translation>Светильников</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Стоимость</translation>
    </message>
    <message>
        <source>Benefit</source>
        <translation>Польза</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
</context>
<context>
    <name>ScenariosModel</name>
    <message>
        <source>Scenario</source>
        <translation>Сценарий</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Бюджет</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>Потрачено</translation>
    </message>
    <message>
        <source>Works</source>
        <translation>Работ</translation>
    </message>
    <message>
        <source>km lit</source>
        <translation>км освещено</translation>
    </message>
    <message>
        <source>Residents</source>
        <translation>Жителей</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>Разрыв</translation>
    </message>
</context>
<context>
    <name>ScenariosPanel</name>
    <message>
        <source>Show on the map</source>
        <translation>Показать на карте</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Переименовать…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Coverage columns: lit share of each district&apos;s length after the plan.</source>
        <translation>Столбцы освещённости: освещённая доля длины улиц каждого района после плана.</translation>
    </message>
    <message>
        <source>Select a saved scenario first (the latest run is not one: save it from the plan&apos;s result).</source>
        <translation>Сначала выберите сохранённый сценарий (последний расчёт — не сценарий: сохраните его из результата плана).</translation>
    </message>
    <message>
        <source>Rename the scenario</source>
        <translation>Переименование сценария</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Новое имя:</translation>
    </message>
    <message>
        <source>A scenario named %1 exists already.</source>
        <translation>Сценарий с именем %1 уже есть.</translation>
    </message>
</context>
<context>
    <name>_PoleSide</name>
    <message>
        <source>Pole inventory (optional)</source>
        <translation>Реестр опор (необязательно)</translation>
    </message>
    <message>
        <source>Coordinate system:</source>
        <translation>Система координат:</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Лист:</translation>
    </message>
    <message>
        <source>Tolerance:</source>
        <translation>Допуск:</translation>
    </message>
</context>
<context>
    <name>_Side</name>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
</context>
</TS>
