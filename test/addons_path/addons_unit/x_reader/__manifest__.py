# An addon exercising the reader's corner cases (test/addons_path/reader.test.ts).
{
    'name': 'Reader corner cases',
    'version': '17.0.2.1',
    'depends': ['base', 'mail'],
    'data': ['security/ir.model.access.csv', 'views/x_views.xml'],
    'license': 'LGPL-3',
    'post_init_hook': '_x_reader_post_init',
}
